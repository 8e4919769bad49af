package dev.tollgate.simulator.bedrock;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.TokenCounting;
import java.io.IOException;

/**
 * Converse's {@code usage} ({@code TokenUsage}) and {@code stopReason}. As on Anthropic,
 * {@code inputTokens} is the prompt minus the cache-read ({@code cached_tokens}) and cache-written
 * ({@code cache_write_tokens}) parts ({@link TokenCounting#anthropicInputTokens}), which are reported
 * as {@code cacheReadInputTokens} and {@code cacheWriteInputTokens} when either is set;
 * {@code outputTokens} counts thinking, text and tool-call tokens ({@link Generation#outputTokens});
 * {@code totalTokens} is the sum of all four.
 */
final class ConverseUsage {

  private ConverseUsage() {}

  static void write(JsonGenerator g, Generation gen) throws IOException {
    int read = gen.behaviour().cachedTokens();
    int write = gen.behaviour().cacheWriteTokens();
    int input = TokenCounting.anthropicInputTokens(gen.promptTokens(), read, write);
    g.writeStartObject();
    g.writeNumberField("inputTokens", input);
    g.writeNumberField("outputTokens", gen.outputTokens());
    g.writeNumberField("totalTokens", input + read + write + gen.outputTokens());
    if (read > 0 || write > 0) {
      g.writeNumberField("cacheReadInputTokens", read);
      g.writeNumberField("cacheWriteInputTokens", write);
    }
    g.writeEndObject();
  }

  /** {@code tool_use} for a tool call, {@code max_tokens} when cut short, else {@code end_turn}. */
  static String stopReason(Generation gen) {
    if (gen.toolCall() != null) {
      return "tool_use";
    }
    return gen.truncated() ? "max_tokens" : "end_turn";
  }

  /** {@code metrics.latencyMs}: the configured time to first token, as the simulated latency. */
  static void writeMetrics(JsonGenerator g, Generation gen) throws IOException {
    g.writeObjectFieldStart("metrics");
    g.writeNumberField("latencyMs", gen.behaviour().ttftMs());
    g.writeEndObject();
  }
}
