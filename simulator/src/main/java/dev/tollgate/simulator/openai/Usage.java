package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.simulator.core.Generation;
import java.io.IOException;

/**
 * OpenAI's {@code CompletionUsage} object, shared by chat and text completions, streamed or not.
 * {@code completion_tokens} is all output: reasoning, reply words or tool-call arguments
 * ({@link Generation#outputTokens}). {@code reasoning_tokens} is the {@code reasoning_tokens}
 * directive when set, else the reasoning of a {@code reasoning_effort} request (the thinking words
 * the Anthropic and Gemini formats send as text).
 */
final class Usage {

  private Usage() {}

  /** Writes the usage object as the current value (the caller wrote the field name). */
  static void write(JsonGenerator g, Generation gen) throws IOException {
    g.writeStartObject();
    g.writeNumberField("prompt_tokens", gen.promptTokens());
    g.writeNumberField("completion_tokens", gen.outputTokens());
    g.writeNumberField("total_tokens", gen.totalTokens());
    g.writeObjectFieldStart("prompt_tokens_details");
    g.writeNumberField("cached_tokens", gen.behaviour().cachedTokens());
    g.writeEndObject();
    g.writeObjectFieldStart("completion_tokens_details");
    g.writeNumberField("reasoning_tokens", reasoningTokens(gen));
    g.writeEndObject();
    g.writeEndObject();
  }

  static int reasoningTokens(Generation gen) {
    int directive = gen.behaviour().reasoningTokens();
    return directive > 0 ? directive : gen.thinkingWords();
  }

  /** {@code tool_calls} for a tool call, {@code length} when cut short, else {@code stop}. */
  static String finishReason(Generation gen) {
    if (gen.toolCall() != null) {
      return "tool_calls";
    }
    return gen.truncated() ? "length" : "stop";
  }
}
