package dev.tollgate.simulator.anthropic;

import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.StreamScript;
import dev.tollgate.simulator.core.ToolCall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * Anthropic server-sent events. Every event is {@code event: <type>\ndata: <json>\n\n}, in the
 * order the real API sends them:
 * <pre>
 * message_start                      (message with empty content, input usage, output_tokens 1)
 * content_block_start  index 0       (thinking if enabled, else text or tool_use)
 * ping
 * content_block_delta  index 0       x thinking words (thinking_delta)
 * content_block_delta  index 0       signature_delta           \
 * content_block_stop   index 0                                  } only with thinking, sent with the
 * content_block_start  index 1       (text or tool_use)        /  first delta of block 1
 * content_block_delta  index 0|1     x words (text_delta) or x argument pieces (input_json_delta)
 * content_block_stop   index 0|1
 * message_delta                      (stop_reason, cumulative usage)
 * message_stop
 * </pre>
 * The content chunks that {@code gap_ms}, {@code reset_after} and {@code malformed_at} count are the
 * deltas that carry tokens: thinking words, then text words or argument pieces. The block change
 * after the thinking travels with the first delta of the next block (or with the closing events when
 * that block is empty), so a malformed chunk breaks only its own delta.
 *
 * <p>Event prefixes are rendered once per stream; each text or thinking delta is a byte splice of
 * prefix, word and suffix.
 */
final class AnthropicStream implements StreamScript {

  static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");

  private static final byte[] DELTA_EVENT = ascii("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":");
  private static final byte[] THINKING_DELTA = ascii(",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"");
  private static final byte[] TEXT_DELTA = ascii(",\"delta\":{\"type\":\"text_delta\",\"text\":\"");
  private static final byte[] JSON_DELTA = ascii(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":");
  private static final byte[] WORD_END = ascii("\"}}\n\n");
  private static final byte[] JSON_END = ascii("}}\n\n");
  private static final byte[] MALFORMED = ascii(",\"delta\":\n\n");
  private static final byte[] PING = ascii("event: ping\ndata: {\"type\":\"ping\"}\n\n");
  private static final byte[] MESSAGE_STOP = ascii("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

  private final Generation gen;
  private final String id;
  private final String toolUseId;
  private final int thinkingWords;
  /** Index of the text or tool_use block: 1 after a thinking block, else 0. */
  private final int mainIndex;
  private final byte[] thinkingHead;
  private final byte[] mainHead;
  /** The events between the thinking block and the main block, or {@code null} without thinking. */
  private final byte[] transition;

  AnthropicStream(Generation gen, String id, String toolUseId) {
    this.gen = gen;
    this.id = id;
    this.toolUseId = toolUseId;
    this.thinkingWords = gen.thinkingWords();
    this.mainIndex = gen.thinking() ? 1 : 0;
    this.thinkingHead = Buffer.buffer().appendBytes(DELTA_EVENT).appendString("0").appendBytes(THINKING_DELTA).getBytes();
    this.mainHead = Buffer.buffer().appendBytes(DELTA_EVENT).appendString(Integer.toString(mainIndex))
        .appendBytes(gen.toolCall() != null ? JSON_DELTA : TEXT_DELTA).getBytes();
    this.transition = gen.thinking() ? transition() : null;
  }

  @Override
  public int contentChunks() {
    ToolCall tool = gen.toolCall();
    return thinkingWords + (tool != null ? tool.tokens() : gen.completionTokens());
  }

  @Override
  public Buffer opening() {
    Buffer out = event("message_start", Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("type", "message_start");
      g.writeObjectFieldStart("message");
      MessageJson.writeHead(g, gen, id);
      g.writeArrayFieldStart("content");
      g.writeEndArray();
      g.writeNullField("stop_reason");
      g.writeNullField("stop_sequence");
      if (gen.usageAllowed()) {
        g.writeFieldName("usage");
        AnthropicUsage.write(g, gen, Math.min(1, gen.outputTokens()), true);
      }
      g.writeEndObject();
      g.writeEndObject();
    }));
    out.appendBuffer(gen.thinking() ? thinkingStart() : mainStart());
    return out.appendBytes(PING);
  }

  @Override
  public Buffer content(int index) {
    Buffer out = Buffer.buffer(96);
    if (index == thinkingWords && transition != null) {
      out.appendBytes(transition);
    }
    if (index < thinkingWords) {
      return out.appendBytes(thinkingHead).appendBytes(gen.thinkingDeltaBytes(index)).appendBytes(WORD_END);
    }
    int i = index - thinkingWords;
    ToolCall tool = gen.toolCall();
    if (tool != null) {
      return out.appendBytes(mainHead).appendBytes(Json.quoted(tool.pieces().get(i))).appendBytes(JSON_END);
    }
    return out.appendBytes(mainHead).appendBytes(gen.deltaBytes(i)).appendBytes(WORD_END);
  }

  @Override
  public Buffer malformed() {
    return Buffer.buffer().appendBytes(DELTA_EVENT).appendString(Integer.toString(mainIndex)).appendBytes(MALFORMED);
  }

  @Override
  public Buffer malformed(int index) {
    Buffer out = Buffer.buffer(96);
    if (index == thinkingWords && transition != null) {
      out.appendBytes(transition);
    }
    return out.appendBytes(DELTA_EVENT).appendString(index < thinkingWords ? "0" : Integer.toString(mainIndex)).appendBytes(MALFORMED);
  }

  /** [the block change, if no delta carried it], content_block_stop, message_delta, message_stop. */
  @Override
  public Buffer closing() {
    Buffer out = Buffer.buffer(256);
    if (transition != null && contentChunks() == thinkingWords) {
      out.appendBytes(transition);
    }
    out.appendBuffer(blockStop(mainIndex));
    out.appendBuffer(event("message_delta", Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("type", "message_delta");
      g.writeObjectFieldStart("delta");
      g.writeStringField("stop_reason", AnthropicUsage.stopReason(gen));
      g.writeNullField("stop_sequence");
      g.writeEndObject();
      if (gen.usageAllowed()) {
        g.writeFieldName("usage");
        AnthropicUsage.write(g, gen, gen.outputTokens(), false);
      }
      g.writeEndObject();
    })));
    return out.appendBytes(MESSAGE_STOP);
  }

  /** signature_delta and content_block_stop of the thinking block, content_block_start of the main block. */
  private byte[] transition() {
    Buffer out = event("content_block_delta", Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("type", "content_block_delta");
      g.writeNumberField("index", 0);
      g.writeObjectFieldStart("delta");
      g.writeStringField("type", "signature_delta");
      g.writeStringField("signature", gen.thinkingSignature());
      g.writeEndObject();
      g.writeEndObject();
    }));
    return out.appendBuffer(blockStop(0)).appendBuffer(mainStart()).getBytes();
  }

  private Buffer thinkingStart() {
    return blockStart(0, ascii("{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"));
  }

  private Buffer mainStart() {
    ToolCall tool = gen.toolCall();
    if (tool == null) {
      return blockStart(mainIndex, ascii("{\"type\":\"text\",\"text\":\"\"}"));
    }
    return blockStart(mainIndex, Json.bytes(g -> MessageJson.writeToolUse(g, tool, toolUseId, false)));
  }

  private static Buffer blockStart(int index, byte[] block) {
    Buffer data = Buffer.buffer(96).appendString("{\"type\":\"content_block_start\",\"index\":").appendString(Integer.toString(index))
        .appendString(",\"content_block\":").appendBytes(block).appendString("}");
    return event("content_block_start", data.getBytes());
  }

  private static Buffer blockStop(int index) {
    return event("content_block_stop", ascii("{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
  }

  private static Buffer event(String type, byte[] json) {
    return Buffer.buffer(json.length + type.length() + 16)
        .appendString("event: ").appendString(type).appendString("\ndata: ").appendBytes(json).appendString("\n\n");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
