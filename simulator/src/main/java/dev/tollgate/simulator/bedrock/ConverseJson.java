package dev.tollgate.simulator.bedrock;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.ToolCall;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * A complete Converse answer: {@code output.message} with the reasoning block if any, then a
 * {@code text} block or a {@code toolUse} block; {@code stopReason}, {@code usage}, {@code metrics}.
 * The block texts equal the concatenated deltas of the same request streamed.
 */
final class ConverseJson {

  private ConverseJson() {}

  /** @param toolUseId the {@code toolUse} block's id, or {@code null} when there is no tool call */
  static Buffer render(Generation gen, String toolUseId) {
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("output");
      g.writeObjectFieldStart("message");
      g.writeStringField("role", "assistant");
      g.writeArrayFieldStart("content");
      if (gen.thinking()) {
        g.writeStartObject();
        g.writeObjectFieldStart("reasoningContent");
        g.writeObjectFieldStart("reasoningText");
        g.writeStringField("text", gen.thinkingText());
        g.writeStringField("signature", gen.thinkingSignature());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
      }
      ToolCall tool = gen.toolCall();
      if (tool != null) {
        g.writeStartObject();
        g.writeObjectFieldStart("toolUse");
        writeToolHead(g, tool, toolUseId);
        g.writeFieldName("input");
        g.writeRawValue(tool.arguments());
        g.writeEndObject();
        g.writeEndObject();
      } else {
        g.writeStartObject();
        g.writeStringField("text", gen.text());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeStringField("stopReason", ConverseUsage.stopReason(gen));
      if (gen.usageAllowed()) {
        g.writeFieldName("usage");
        ConverseUsage.write(g, gen);
      }
      ConverseUsage.writeMetrics(g, gen);
      g.writeEndObject();
    });
  }

  /** {@code toolUseId} and {@code name}, shared by the complete block and a stream's contentBlockStart. */
  static void writeToolHead(JsonGenerator g, ToolCall tool, String toolUseId) throws IOException {
    g.writeStringField("toolUseId", toolUseId);
    g.writeStringField("name", tool.name());
  }
}
