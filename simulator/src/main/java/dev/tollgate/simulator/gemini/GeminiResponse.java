package dev.tollgate.simulator.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.ToolCall;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * A complete {@code GenerateContentResponse}: one candidate whose parts are the thought (only with
 * {@code includeThoughts}), then the reply text or a {@code functionCall}; then
 * {@code usageMetadata}, {@code modelVersion} and {@code responseId}.
 */
final class GeminiResponse {

  private GeminiResponse() {}

  static Buffer render(Generation gen, boolean includeThoughts, String responseId) {
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("candidates");
      g.writeStartObject();
      g.writeObjectFieldStart("content");
      g.writeArrayFieldStart("parts");
      if (includeThoughts && gen.thinking()) {
        g.writeStartObject();
        g.writeStringField("text", gen.thinkingText());
        g.writeBooleanField("thought", true);
        g.writeEndObject();
      }
      if (gen.toolCall() != null) {
        writeFunctionCall(g, gen);
      } else {
        g.writeStartObject();
        g.writeStringField("text", gen.text());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("role", "model");
      g.writeEndObject();
      g.writeStringField("finishReason", GeminiUsage.finishReason(gen));
      g.writeNumberField("index", 0);
      g.writeEndObject();
      g.writeEndArray();
      if (gen.usageAllowed()) {
        g.writeFieldName("usageMetadata");
        g.writeRawValue(GeminiUsage.total(gen));
      }
      g.writeStringField("modelVersion", gen.model());
      g.writeStringField("responseId", responseId);
      g.writeEndObject();
    });
  }

  /** A {@code functionCall} part; with thinking it carries the {@code thoughtSignature}, as Gemini's do. */
  static void writeFunctionCall(JsonGenerator g, Generation gen) throws IOException {
    ToolCall tool = gen.toolCall();
    g.writeStartObject();
    g.writeObjectFieldStart("functionCall");
    g.writeStringField("name", tool.name());
    g.writeFieldName("args");
    g.writeRawValue(tool.arguments());
    g.writeEndObject();
    if (gen.thinking()) {
      g.writeStringField("thoughtSignature", gen.thinkingSignature());
    }
    g.writeEndObject();
  }
}
