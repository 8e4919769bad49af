package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.simulator.core.Generation;
import java.io.IOException;

/** OpenAI's {@code CompletionUsage} object, shared by chat and text completions, streamed or not. */
final class Usage {

  private Usage() {}

  /** Writes the usage object as the current value (the caller wrote the field name). */
  static void write(JsonGenerator g, Generation gen) throws IOException {
    g.writeStartObject();
    g.writeNumberField("prompt_tokens", gen.promptTokens());
    g.writeNumberField("completion_tokens", gen.completionTokens());
    g.writeNumberField("total_tokens", gen.totalTokens());
    g.writeObjectFieldStart("prompt_tokens_details");
    g.writeNumberField("cached_tokens", gen.behaviour().cachedTokens());
    g.writeEndObject();
    g.writeObjectFieldStart("completion_tokens_details");
    g.writeNumberField("reasoning_tokens", gen.behaviour().reasoningTokens());
    g.writeEndObject();
    g.writeEndObject();
  }

  static String finishReason(Generation gen) {
    return gen.truncated() ? "length" : "stop";
  }
}
