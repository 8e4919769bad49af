package dev.tollgate.simulator.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.ToolCall;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * A complete (non-streamed) Message: the thinking block if any, then a text block or a
 * {@code tool_use} block. The block texts equal the concatenated deltas of the same request streamed.
 */
final class MessageJson {

  private MessageJson() {}

  /** @param toolUseId the {@code tool_use} block's id, or {@code null} when there is no tool call */
  static Buffer render(Generation gen, String id, String toolUseId) {
    return Json.buffer(g -> {
      g.writeStartObject();
      writeHead(g, gen, id);
      g.writeArrayFieldStart("content");
      if (gen.thinking()) {
        g.writeStartObject();
        g.writeStringField("type", "thinking");
        g.writeStringField("thinking", gen.thinkingText());
        g.writeStringField("signature", gen.thinkingSignature());
        g.writeEndObject();
      }
      ToolCall tool = gen.toolCall();
      if (tool != null) {
        writeToolUse(g, tool, toolUseId, true);
      } else {
        g.writeStartObject();
        g.writeStringField("type", "text");
        g.writeStringField("text", gen.text());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("stop_reason", AnthropicUsage.stopReason(gen));
      g.writeNullField("stop_sequence");
      if (gen.usageAllowed()) {
        g.writeFieldName("usage");
        AnthropicUsage.write(g, gen, gen.outputTokens(), true);
      }
      g.writeEndObject();
    });
  }

  /** The fields a message and message_start's message begin with. */
  static void writeHead(JsonGenerator g, Generation gen, String id) throws IOException {
    g.writeStringField("id", id);
    g.writeStringField("type", "message");
    g.writeStringField("role", "assistant");
    g.writeStringField("model", gen.model());
  }

  /** A {@code tool_use} block; a stream's content_block_start has an empty input that deltas then fill. */
  static void writeToolUse(JsonGenerator g, ToolCall tool, String toolUseId, boolean withInput) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "tool_use");
    g.writeStringField("id", toolUseId);
    g.writeStringField("name", tool.name());
    g.writeFieldName("input");
    g.writeRawValue(withInput ? tool.arguments() : "{}");
    g.writeEndObject();
  }
}
