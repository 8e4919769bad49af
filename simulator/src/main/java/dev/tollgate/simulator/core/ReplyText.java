package dev.tollgate.simulator.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Generates reply text: words from a fixed vocabulary, picked deterministically from a hash of
 * the prompt, so the same request always gets the same reply (useful for caching and replay tests)
 * while different prompts get visibly different ones.
 *
 * <p>Each word is emitted followed by one space ({@code "word "}); a non-streamed reply is the
 * concatenation of exactly the deltas a stream of the same request would carry, trailing space
 * included. Vocabulary words are plain ASCII letters, so they never need JSON escaping and their
 * bytes are precomputed.
 */
public final class ReplyText {

  private static final String[] VOCABULARY = {
    "the", "gateway", "routes", "every", "request", "to", "a", "provider", "and", "meters",
    "tokens", "while", "budgets", "keep", "spending", "in", "check", "latency", "stays", "low",
    "because", "streams", "flow", "through", "without", "buffering", "retries", "happen", "on",
    "failure", "with", "backoff", "so", "users", "see", "fewer", "errors", "models", "answer",
    "quickly", "caches", "help", "when", "prompts", "repeat", "often", "logs", "record", "usage",
    "for", "later", "review", "teams", "share", "keys", "safely", "limits", "protect", "shared",
    "capacity", "from", "sudden", "bursts", "simulated"
  };

  /** {@code "word "} in UTF-8 for every vocabulary entry, ready to splice into stream chunks. */
  private static final byte[][] WORD_BYTES = new byte[VOCABULARY.length][];

  static {
    if (Integer.bitCount(VOCABULARY.length) != 1) {
      throw new ExceptionInInitializerError("vocabulary size must be a power of two");
    }
    for (int i = 0; i < VOCABULARY.length; i++) {
      WORD_BYTES[i] = (VOCABULARY[i] + " ").getBytes(StandardCharsets.US_ASCII);
    }
  }

  private ReplyText() {}

  /** Hash of the prompt texts (order-sensitive) that selects the reply words. */
  public static long seed(List<String> promptTexts) {
    long h = 0xcbf29ce484222325L; // FNV-1a 64
    for (String text : promptTexts) {
      if (text != null) {
        for (int i = 0, n = text.length(); i < n; i++) {
          h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
      }
      h = (h ^ 0x1F) * 0x100000001b3L; // separator: ["ab"] and ["a","b"] differ
    }
    return h;
  }

  /** The {@code index}-th reply word (0-based), without the trailing space. */
  public static String word(long seed, int index) {
    return VOCABULARY[pick(seed, index)];
  }

  /** The {@code index}-th stream delta: the word plus one space, as UTF-8. Do not modify. */
  static byte[] deltaBytes(long seed, int index) {
    return WORD_BYTES[pick(seed, index)];
  }

  /** The whole reply of {@code words} words, each followed by a space. */
  public static String text(long seed, int words) {
    StringBuilder sb = new StringBuilder(words * 8);
    for (int i = 0; i < words; i++) {
      sb.append(VOCABULARY[pick(seed, i)]).append(' ');
    }
    return sb.toString();
  }

  public static List<String> vocabulary() {
    return List.of(VOCABULARY);
  }

  private static int pick(long seed, int index) {
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L; // SplitMix64 step and finalizer
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (int) (z & (VOCABULARY.length - 1));
  }
}
