package dev.tollgate.simulator.bedrock;

import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.StreamScript;
import dev.tollgate.simulator.core.ToolCall;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * A ConverseStream reply: binary event-stream frames ({@link EventFrames}), one event each, in the
 * order the real API sends them:
 * <pre>
 * messageStart                           {"role":"assistant"}
 * contentBlockStart    index 0           only for a tool call without thinking: {"start":{"toolUse":{"toolUseId","name"}}}
 * contentBlockDelta    index 0           x thinking words {"delta":{"reasoningContent":{"text"}}}   \
 * contentBlockDelta    index 0           {"delta":{"reasoningContent":{"signature"}}}              | only with
 * contentBlockStop     index 0                                                                     | thinking
 * contentBlockStart    index 1           only for a tool call                                      /
 * contentBlockDelta    index 0|1         x words {"delta":{"text"}} or x argument pieces {"delta":{"toolUse":{"input"}}}
 * contentBlockStop     index 0|1
 * messageStop                            {"stopReason"}
 * metadata                               {"usage", "metrics"}
 * </pre>
 * Text and reasoning blocks have no contentBlockStart, as on the real API. The content chunks that
 * {@code gap_ms}, {@code reset_after} and {@code malformed_at} count are the deltas that carry tokens;
 * the block change after the thinking travels with the first delta of the next block (or with the
 * closing events when that block is empty). A malformed chunk is sent with a broken message CRC.
 */
final class ConverseStream implements StreamScript {

  private static final byte[] THINKING_HEAD = ascii("{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"");
  private static final byte[] THINKING_TAIL = ascii("\"}}}");
  private static final byte[] WORD_TAIL = ascii("\"}}");
  private static final byte[] INPUT_TAIL = ascii("}}}");

  private final Generation gen;
  private final String toolUseId;
  private final int thinkingWords;
  /** Index of the text or toolUse block: 1 after a reasoning block, else 0. */
  private final int mainIndex;
  private final byte[] mainHead;
  /** The frames between the reasoning block and the main block, or {@code null} without thinking. */
  private final Buffer transition;

  ConverseStream(Generation gen, String toolUseId) {
    this.gen = gen;
    this.toolUseId = toolUseId;
    this.thinkingWords = gen.thinkingWords();
    this.mainIndex = gen.thinking() ? 1 : 0;
    this.mainHead = ascii("{\"contentBlockIndex\":" + mainIndex + ",\"delta\":"
        + (gen.toolCall() != null ? "{\"toolUse\":{\"input\":" : "{\"text\":\""));
    this.transition = gen.thinking() ? transition() : null;
  }

  @Override
  public int contentChunks() {
    ToolCall tool = gen.toolCall();
    return thinkingWords + (tool != null ? tool.tokens() : gen.completionTokens());
  }

  @Override
  public Buffer opening() {
    Buffer out = EventFrames.event("messageStart", ascii("{\"role\":\"assistant\"}"));
    if (!gen.thinking() && gen.toolCall() != null) {
      out.appendBuffer(toolStart());
    }
    return out;
  }

  @Override
  public Buffer content(int index) {
    Buffer out = Buffer.buffer(160);
    if (index == thinkingWords && transition != null) {
      out.appendBuffer(transition);
    }
    if (index < thinkingWords) {
      return out.appendBuffer(delta(THINKING_HEAD, gen.thinkingDeltaBytes(index), THINKING_TAIL));
    }
    int i = index - thinkingWords;
    ToolCall tool = gen.toolCall();
    if (tool != null) {
      return out.appendBuffer(delta(mainHead, Json.quoted(tool.pieces().get(i)), INPUT_TAIL));
    }
    return out.appendBuffer(delta(mainHead, gen.deltaBytes(i), WORD_TAIL));
  }

  @Override
  public Buffer malformed() {
    return malformed(0);
  }

  /** Content chunk {@code index} with its own frame's CRC broken (any block change before it stays intact). */
  @Override
  public Buffer malformed(int index) {
    return EventFrames.corrupt(content(index));
  }

  /** [the block change, if no delta carried it], contentBlockStop, messageStop, metadata. */
  @Override
  public Buffer closing() {
    Buffer out = Buffer.buffer(256);
    if (transition != null && contentChunks() == thinkingWords) {
      out.appendBuffer(transition);
    }
    out.appendBuffer(blockStop(mainIndex));
    out.appendBuffer(EventFrames.event("messageStop", Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("stopReason", ConverseUsage.stopReason(gen));
      g.writeEndObject();
    })));
    return out.appendBuffer(EventFrames.event("metadata", Json.bytes(g -> {
      g.writeStartObject();
      if (gen.usageAllowed()) {
        g.writeFieldName("usage");
        ConverseUsage.write(g, gen);
      }
      ConverseUsage.writeMetrics(g, gen);
      g.writeEndObject();
    })));
  }

  /** The signature delta and stop of the reasoning block, then the start of a toolUse block. */
  private Buffer transition() {
    Buffer out = EventFrames.event("contentBlockDelta", Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("contentBlockIndex", 0);
      g.writeObjectFieldStart("delta");
      g.writeObjectFieldStart("reasoningContent");
      g.writeStringField("signature", gen.thinkingSignature());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    }));
    out.appendBuffer(blockStop(0));
    if (gen.toolCall() != null) {
      out.appendBuffer(toolStart());
    }
    return out;
  }

  private Buffer toolStart() {
    ToolCall tool = gen.toolCall();
    return EventFrames.event("contentBlockStart", Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("contentBlockIndex", mainIndex);
      g.writeObjectFieldStart("start");
      g.writeObjectFieldStart("toolUse");
      ConverseJson.writeToolHead(g, tool, toolUseId);
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    }));
  }

  private static Buffer blockStop(int index) {
    return EventFrames.event("contentBlockStop", ascii("{\"contentBlockIndex\":" + index + "}"));
  }

  private static Buffer delta(byte[] head, byte[] value, byte[] tail) {
    byte[] json = new byte[head.length + value.length + tail.length];
    System.arraycopy(head, 0, json, 0, head.length);
    System.arraycopy(value, 0, json, head.length, value.length);
    System.arraycopy(tail, 0, json, head.length + value.length, tail.length);
    return EventFrames.event("contentBlockDelta", json);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
