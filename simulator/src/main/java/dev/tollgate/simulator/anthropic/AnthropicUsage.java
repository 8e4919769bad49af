package dev.tollgate.simulator.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.TokenCounting;
import java.io.IOException;

/**
 * Anthropic's {@code usage} object and stop reason. {@code input_tokens} is the prompt minus the
 * cache-read ({@code cached_tokens}) and cache-written ({@code cache_write_tokens}) parts, as
 * Anthropic bills them separately ({@link TokenCounting#anthropicInputTokens});
 * {@code output_tokens} counts thinking, text and tool-call tokens ({@link Generation#outputTokens}).
 */
final class AnthropicUsage {

  private AnthropicUsage() {}

  /**
   * Writes the usage object as the current value.
   *
   * @param outputTokens the output so far (message_start reports a token, message_delta the total)
   * @param full         with the {@code cache_creation} breakdown and {@code service_tier}, as in a
   *                     message and message_start (message_delta has neither)
   */
  static void write(JsonGenerator g, Generation gen, int outputTokens, boolean full) throws IOException {
    int read = gen.behaviour().cachedTokens();
    int write = gen.behaviour().cacheWriteTokens();
    g.writeStartObject();
    g.writeNumberField("input_tokens", TokenCounting.anthropicInputTokens(gen.promptTokens(), read, write));
    g.writeNumberField("cache_creation_input_tokens", write);
    g.writeNumberField("cache_read_input_tokens", read);
    if (full) {
      g.writeObjectFieldStart("cache_creation");
      g.writeNumberField("ephemeral_5m_input_tokens", write);
      g.writeNumberField("ephemeral_1h_input_tokens", 0);
      g.writeEndObject();
    }
    g.writeNumberField("output_tokens", outputTokens);
    if (full) {
      g.writeStringField("service_tier", "standard");
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
}
