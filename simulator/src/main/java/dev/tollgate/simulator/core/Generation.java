package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * What a text-generating request will produce, decided before the first byte: the wire formats
 * only render it. Keeps the accounting identical across formats (see {@link TokenCounting}).
 *
 * <p>A reply is, in order: {@code thinkingWords} words of thinking (only when the request enables
 * thinking), then either {@code completionTokens} words of text or one tool call.
 *
 * @param model            the model name to echo (directives stripped)
 * @param promptTokens     prompt tokens per {@link TokenCounting}
 * @param completionTokens reply text words = text content chunks (0 when there is a tool call)
 * @param truncated        whether {@code max_tokens} cut the reply short ({@code finish_reason}
 *                         "length" in OpenAI terms)
 * @param seed             selects the reply words, see {@link ReplyText}
 * @param behaviour        the resolved behaviour of the request
 * @param thinkingWords    words of thinking before the reply (0 when thinking is off)
 * @param toolCall         the tool call that replaces the reply text, or {@code null}
 */
public record Generation(
    String model,
    int promptTokens,
    int completionTokens,
    boolean truncated,
    long seed,
    Behaviour behaviour,
    int thinkingWords,
    ToolCall toolCall) {

  /** Salt that makes the thinking words differ from the reply words of the same prompt. */
  private static final long THINKING_SALT = 0x7468696e6b696e67L; // "thinking"

  /**
   * A plain text reply (OpenAI).
   *
   * @param maxTokens the request's cap, or {@link TokenCounting#NO_LIMIT}
   */
  public static Generation plan(String model, int promptTokens, long seed, int maxTokens, Behaviour behaviour) {
    return plan(model, promptTokens, seed, maxTokens, behaviour, false, null);
  }

  /**
   * A reply with optional thinking and tool call. Thinking comes first and counts against
   * {@code maxTokens}; the text gets what is left. A tool call replaces the text and is not capped.
   *
   * @param maxTokens the request's cap, or {@link TokenCounting#NO_LIMIT}
   * @param toolCall  the tool call to make, or {@code null} for a text reply
   */
  public static Generation plan(String model, int promptTokens, long seed, int maxTokens, Behaviour behaviour,
      boolean thinking, ToolCall toolCall) {
    int thinkingWords = thinking ? TokenCounting.thinkingTokens(maxTokens) : 0;
    if (toolCall != null) {
      return new Generation(model, promptTokens, 0, false, seed, behaviour, thinkingWords, toolCall);
    }
    int chunks = behaviour.reply() != null ? scriptedWords(behaviour.reply()).length : behaviour.chunks();
    int completion = TokenCounting.replyTokens(chunks, maxTokens, thinking) - thinkingWords;
    return new Generation(model, promptTokens, completion, completion < chunks, seed, behaviour, thinkingWords, null);
  }

  /** Thinking, text and tool-call tokens together: every format's output count. */
  public int outputTokens() {
    return thinkingWords + completionTokens + (toolCall == null ? 0 : toolCall.tokens());
  }

  public int totalTokens() {
    return promptTokens + outputTokens();
  }

  /** Whether usage may be reported at all ({@code no_usage} suppresses it even when asked). */
  public boolean usageAllowed() {
    return !behaviour.noUsage();
  }

  public boolean thinking() {
    return thinkingWords > 0;
  }

  /** The full reply, identical to the concatenated stream deltas. */
  public String text() {
    if (behaviour.reply() == null) {
      return ReplyText.text(seed, completionTokens);
    }
    String[] words = scriptedWords(behaviour.reply());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < completionTokens; i++) {
      sb.append(words[i]).append(' ');
    }
    return sb.toString();
  }

  /** The words of a scripted {@code reply}: split on single spaces, so that a stream's deltas join back to it. */
  private static String[] scriptedWords(String reply) {
    return reply.isEmpty() ? new String[0] : reply.split(" ", -1);
  }

  /** The {@code index}-th stream delta ({@code "word "}) as UTF-8 bytes; shared, do not modify. */
  public byte[] deltaBytes(int index) {
    if (behaviour.reply() == null) {
      return ReplyText.deltaBytes(seed, index);
    }
    byte[] quoted = Json.quoted(scriptedWords(behaviour.reply())[index] + " ");
    return java.util.Arrays.copyOfRange(quoted, 1, quoted.length - 1); // JSON-escaped, without the quotes
  }

  /** The whole thinking, identical to its concatenated stream deltas. */
  public String thinkingText() {
    return ReplyText.text(seed ^ THINKING_SALT, thinkingWords);
  }

  /** The {@code index}-th thinking delta ({@code "word "}) as UTF-8 bytes; shared, do not modify. */
  public byte[] thinkingDeltaBytes(int index) {
    return ReplyText.deltaBytes(seed ^ THINKING_SALT, index);
  }

  /**
   * An opaque signature of the thinking (Anthropic {@code signature}, Gemini
   * {@code thoughtSignature}): 48 bytes derived from the prompt, base64-encoded, so that the same
   * request always gets the same signature.
   */
  public String thinkingSignature() {
    byte[] bytes = new byte[48];
    SplittableRandom random = new SplittableRandom(seed ^ THINKING_SALT);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return Base64.getEncoder().encodeToString(bytes);
  }
}
