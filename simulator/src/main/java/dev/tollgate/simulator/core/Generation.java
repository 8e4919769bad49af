package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;

/**
 * What a text-generating request will produce, decided before the first byte: the wire formats
 * only render it. Keeps the accounting identical across formats (see {@link TokenCounting}).
 *
 * @param model            the model name to echo (directives stripped)
 * @param promptTokens     prompt tokens per {@link TokenCounting}
 * @param completionTokens content chunks to emit = reply words
 * @param truncated        whether {@code max_tokens} cut the reply short ({@code finish_reason}
 *                         "length" in OpenAI terms)
 * @param seed             selects the reply words, see {@link ReplyText}
 * @param behaviour        the resolved behaviour of the request
 */
public record Generation(String model, int promptTokens, int completionTokens, boolean truncated, long seed, Behaviour behaviour) {

  /**
   * @param maxTokens the request's cap, or {@link TokenCounting#NO_LIMIT}
   */
  public static Generation plan(String model, int promptTokens, long seed, int maxTokens, Behaviour behaviour) {
    int completion = TokenCounting.completionTokens(behaviour.chunks(), maxTokens);
    return new Generation(model, promptTokens, completion, completion < behaviour.chunks(), seed, behaviour);
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }

  /** Whether usage may be reported at all ({@code no_usage} suppresses it even when asked). */
  public boolean usageAllowed() {
    return !behaviour.noUsage();
  }

  /** The full reply, identical to the concatenated stream deltas. */
  public String text() {
    return ReplyText.text(seed, completionTokens);
  }

  /** The {@code index}-th stream delta ({@code "word "}) as UTF-8 bytes; shared, do not modify. */
  public byte[] deltaBytes(int index) {
    return ReplyText.deltaBytes(seed, index);
  }
}
