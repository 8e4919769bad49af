package dev.tollgate.simulator.openai;

import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.StreamScript;
import dev.tollgate.simulator.core.ToolCall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI server-sent events for chat ({@code chat.completion.chunk}) and legacy text completions
 * ({@code text_completion}). Every event is {@code data: <json>\n\n}; the stream ends with
 * {@code data: [DONE]}.
 *
 * <p>A chat reply that is a tool call opens with a chunk that carries the role and the call's
 * {@code id}, {@code type} and {@code function.name} with empty {@code arguments}
 * ({@code "content":null}, as OpenAI sends it); each content chunk is then one argument piece
 * ({@code delta {"tool_calls":[{"index":0,"function":{"arguments":"piece"}}]}}), and the finish
 * reason is {@code tool_calls}. Reasoning is never streamed, only counted in the usage.
 *
 * <p>All chunks of a stream share id, created, model and fingerprint, so that common JSON prefix
 * is rendered once per stream and each content chunk is a byte splice of prefix, word and suffix,
 * with no JSON serialization per token.
 */
final class OpenAiStream implements StreamScript {

  static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");

  private static final byte[] DONE = ascii("data: [DONE]\n\n");
  private static final byte[] CHUNK_END = ascii("]}\n\n");

  private static final byte[] CHAT_OPENING = ascii("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}");
  private static final byte[] CHAT_CONTENT_HEAD = ascii("{\"index\":0,\"delta\":{\"content\":\"");
  private static final byte[] CHAT_CONTENT_TAIL = ascii("\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
  private static final String CHAT_FINISH = "{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"%s\"}";
  private static final byte[] TOOL_ARGUMENTS_HEAD = ascii("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":");
  private static final byte[] TOOL_ARGUMENTS_TAIL = ascii("}}]},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
  private static final byte[] CHAT_MALFORMED = ascii("data: {\"choices\":[{\"delta\":\n\n");

  private static final byte[] TEXT_CONTENT_HEAD = ascii("{\"text\":\"");
  private static final byte[] TEXT_CONTENT_TAIL = ascii("\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}\n\n");
  private static final String TEXT_FINISH = "{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"%s\"}";
  private static final byte[] TEXT_MALFORMED = ascii("data: {\"choices\":[{\"text\":\n\n");

  private final Generation gen;
  private final boolean includeUsage;
  private final byte[] prefix;
  private final byte[] openingChoice;
  private final byte[] contentHead;
  private final byte[] contentTail;
  private final String finishTemplate;
  private final byte[] malformed;

  private OpenAiStream(Generation gen, boolean includeUsage, String id, String object, long created,
      byte[] openingChoice, byte[] contentHead, byte[] contentTail, String finishTemplate, byte[] malformed) {
    this.gen = gen;
    this.includeUsage = includeUsage && gen.usageAllowed();
    this.prefix = Buffer.buffer(160)
        .appendString("data: {\"id\":\"").appendString(id)
        .appendString("\",\"object\":\"").appendString(object)
        .appendString("\",\"created\":").appendString(Long.toString(created))
        .appendString(",\"model\":").appendBytes(Json.quoted(gen.model()))
        .appendString(",\"system_fingerprint\":\"" + ChatCompletions.FINGERPRINT + "\",\"choices\":[")
        .getBytes();
    this.openingChoice = openingChoice;
    this.contentHead = contentHead;
    this.contentTail = contentTail;
    this.finishTemplate = finishTemplate;
    this.malformed = malformed;
  }

  /** @param callId the tool call's id when the reply is a tool call ({@link Generation#toolCall}), else ignored */
  static OpenAiStream chat(Generation gen, boolean includeUsage, String id, long created, String callId) {
    ToolCall tool = gen.toolCall();
    if (tool != null) {
      return new OpenAiStream(gen, includeUsage, id, "chat.completion.chunk", created,
          toolOpening(tool, callId), TOOL_ARGUMENTS_HEAD, TOOL_ARGUMENTS_TAIL, CHAT_FINISH, CHAT_MALFORMED);
    }
    return new OpenAiStream(gen, includeUsage, id, "chat.completion.chunk", created,
        CHAT_OPENING, CHAT_CONTENT_HEAD, CHAT_CONTENT_TAIL, CHAT_FINISH, CHAT_MALFORMED);
  }

  /** The first choice of a tool-call stream: role, call id, type and name, empty arguments. */
  private static byte[] toolOpening(ToolCall tool, String callId) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("index", 0);
      g.writeObjectFieldStart("delta");
      g.writeStringField("role", "assistant");
      g.writeNullField("content");
      g.writeArrayFieldStart("tool_calls");
      g.writeStartObject();
      g.writeNumberField("index", 0);
      g.writeStringField("id", callId);
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", tool.name());
      g.writeStringField("arguments", "");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeNullField("refusal");
      g.writeEndObject();
      g.writeNullField("logprobs");
      g.writeNullField("finish_reason");
      g.writeEndObject();
    });
  }

  static OpenAiStream text(Generation gen, boolean includeUsage, String id, long created) {
    return new OpenAiStream(gen, includeUsage, id, "text_completion", created,
        null, TEXT_CONTENT_HEAD, TEXT_CONTENT_TAIL, TEXT_FINISH, TEXT_MALFORMED);
  }

  @Override
  public int contentChunks() {
    ToolCall tool = gen.toolCall();
    return tool != null ? tool.tokens() : gen.completionTokens();
  }

  @Override
  public Buffer opening() {
    return openingChoice == null ? null : event(openingChoice);
  }

  @Override
  public Buffer content(int index) {
    ToolCall tool = gen.toolCall();
    byte[] word = tool != null ? Json.quoted(tool.pieces().get(index)) : gen.deltaBytes(index);
    return Buffer.buffer(prefix.length + contentHead.length + word.length + contentTail.length)
        .appendBytes(prefix).appendBytes(contentHead).appendBytes(word).appendBytes(contentTail);
  }

  @Override
  public Buffer malformed() {
    return Buffer.buffer(malformed);
  }

  /** Finish chunk, then the usage chunk ({@code "choices":[]}) only when asked and allowed, then [DONE]. */
  @Override
  public Buffer closing() {
    Buffer out = event(ascii(String.format(finishTemplate, Usage.finishReason(gen))));
    if (includeUsage) {
      out.appendBytes(prefix).appendString("],\"usage\":")
          .appendBytes(Json.bytes(g -> Usage.write(g, gen)))
          .appendString("}\n\n");
    }
    return out.appendBytes(DONE);
  }

  private Buffer event(byte[] choice) {
    return Buffer.buffer(prefix.length + choice.length + CHUNK_END.length)
        .appendBytes(prefix).appendBytes(choice).appendBytes(CHUNK_END);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
