package dev.tollgate.simulator.gemini;

import dev.tollgate.simulator.core.Generation;

/**
 * Gemini's {@code usageMetadata}. {@code promptTokenCount} is the whole prompt, of which
 * {@code cachedContentTokenCount} ({@code cached_tokens}) is a part; {@code candidatesTokenCount} is
 * the reply text or function call; {@code thoughtsTokenCount} the thinking words;
 * {@code totalTokenCount} is the sum of prompt, candidates and thoughts. Like the real API (proto3
 * JSON), counts that are zero are left out, except the prompt and total.
 */
final class GeminiUsage {

  private GeminiUsage() {}

  /** The usage object as JSON, for the given output so far. */
  static String json(Generation gen, int candidates, int thoughts) {
    int prompt = gen.promptTokens();
    int cached = gen.behaviour().cachedTokens();
    StringBuilder sb = new StringBuilder(192).append("{\"promptTokenCount\":").append(prompt);
    if (candidates > 0) {
      sb.append(",\"candidatesTokenCount\":").append(candidates);
    }
    sb.append(",\"totalTokenCount\":").append(prompt + candidates + thoughts);
    if (cached > 0) {
      sb.append(",\"cachedContentTokenCount\":").append(cached);
    }
    sb.append(",\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":").append(prompt).append("}]");
    if (thoughts > 0) {
      sb.append(",\"thoughtsTokenCount\":").append(thoughts);
    }
    return sb.append('}').toString();
  }

  /** The usage of the complete reply. */
  static String total(Generation gen) {
    return json(gen, candidates(gen), gen.thinkingWords());
  }

  /** Candidate tokens of the complete reply: the text words or the function call's tokens. */
  static int candidates(Generation gen) {
    return gen.toolCall() != null ? gen.toolCall().tokens() : gen.completionTokens();
  }

  /** {@code MAX_TOKENS} when {@code maxOutputTokens} cut the reply short, else {@code STOP}. */
  static String finishReason(Generation gen) {
    return gen.truncated() ? "MAX_TOKENS" : "STOP";
  }
}
