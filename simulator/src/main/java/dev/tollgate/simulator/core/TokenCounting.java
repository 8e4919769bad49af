package dev.tollgate.simulator.core;

import java.util.Arrays;
import java.util.List;

/**
 * The simulator's deterministic "tokenizer": one token per whitespace-separated word. Exact and
 * trivial on purpose, so tests anywhere can predict the usage a request will be billed.
 *
 * <ul>
 *   <li>chat prompt: for each message, its words + {@value #TOKENS_PER_MESSAGE}; plus
 *       {@value #TOKENS_PER_REPLY} for the reply priming (the same overheads OpenAI documents);
 *   <li>text completion prompt, embedding input: the words of every string; a token-array input
 *       counts its length;
 *   <li>completion: the number of content chunks, i.e. {@code min(chunks, max_tokens)}.
 * </ul>
 */
public final class TokenCounting {

  /** Overhead of every chat message (role and delimiters). */
  public static final int TOKENS_PER_MESSAGE = 3;

  /** Overhead of the assistant reply priming, once per chat prompt. */
  public static final int TOKENS_PER_REPLY = 3;

  /** {@code max_tokens} value meaning "not given". */
  public static final int NO_LIMIT = Integer.MAX_VALUE;

  private TokenCounting() {}

  /** Number of maximal runs of non-whitespace characters; {@code null} counts 0. */
  public static int words(CharSequence text) {
    if (text == null) {
      return 0;
    }
    int count = 0;
    boolean inWord = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }

  /**
   * Prompt tokens of a chat request.
   *
   * @param messageTexts the text of each message (for multi-part content, the text parts joined by
   *                     a space; non-text parts count nothing; {@code null} for no content)
   */
  public static int chatPromptTokens(List<String> messageTexts) {
    int total = TOKENS_PER_REPLY;
    for (String text : messageTexts) {
      total += words(text) + TOKENS_PER_MESSAGE;
    }
    return total;
  }

  /** Convenience form of {@link #chatPromptTokens(List)}. */
  public static int chatPromptTokens(String... messageTexts) {
    return chatPromptTokens(Arrays.asList(messageTexts));
  }

  /** Prompt tokens of a text completion or an embedding request with string inputs. */
  public static int textTokens(List<String> texts) {
    int total = 0;
    for (String text : texts) {
      total += words(text);
    }
    return total;
  }

  /** Completion tokens: the configured chunks, capped by {@code max_tokens}. */
  public static int completionTokens(int chunks, int maxTokens) {
    return Math.min(chunks, maxTokens);
  }
}
