package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.StreamScript;
import dev.tollgate.simulator.core.ToolCall;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Responses API event stream, as OpenAI documents it: every event {@code event: <type>} and
 * {@code data: <json>} whose {@code type} repeats the name and whose {@code sequence_number} counts from 0.
 * <ol>
 *   <li>{@code response.created}, {@code response.in_progress} (the Response without output);</li>
 *   <li>for a reasoning request, the reasoning item: {@code response.output_item.added} and
 *       {@code response.output_item.done} (its summary empty, as the reasoning is never shown);</li>
 *   <li>a text reply: {@code response.output_item.added} (the message), {@code response.content_part.added},
 *       one {@code response.output_text.delta} per content chunk, {@code response.output_text.done},
 *       {@code response.content_part.done}, {@code response.output_item.done}; a tool call:
 *       {@code response.output_item.added} (the function call, arguments empty), one
 *       {@code response.function_call_arguments.delta} per argument piece,
 *       {@code response.function_call_arguments.done}, {@code response.output_item.done};</li>
 *   <li>{@code response.completed} with the whole Response, or {@code response.incomplete} when
 *       {@code max_output_tokens} cut the reply short.</li>
 * </ol>
 * The delta events are byte splices of a per-stream prefix, the word and the sequence number.
 */
final class ResponsesStream implements StreamScript {

  private static final byte[] EVENT_END = ascii("}\n\n");

  private final ResponseJson response;
  private final Generation gen;
  private final byte[] deltaHead;
  private final byte[] deltaMiddle;
  private final byte[] malformed;
  private int sequence;
  private int openingEvents;

  ResponsesStream(ResponseJson response, Generation gen) {
    this.response = response;
    this.gen = gen;
    String type = gen.toolCall() != null ? "response.function_call_arguments.delta" : "response.output_text.delta";
    String item = ",\"item_id\":\"" + response.answerId() + "\",\"output_index\":" + response.answerIndex();
    this.deltaHead = ascii("event: " + type + "\ndata: {\"type\":\"" + type + "\"" + item
        + (gen.toolCall() != null ? "" : ",\"content_index\":0") + ",\"delta\":");
    this.deltaMiddle = ascii(gen.toolCall() != null ? ",\"sequence_number\":" : ",\"logprobs\":[],\"sequence_number\":");
    this.malformed = ascii("event: " + type + "\ndata: {\"type\":\"" + type + "\",\"delta\":\n\n");
  }

  @Override
  public int contentChunks() {
    ToolCall tool = gen.toolCall();
    return tool != null ? tool.tokens() : gen.completionTokens();
  }

  @Override
  public Buffer opening() {
    Buffer out = Buffer.buffer(1024);
    out.appendBuffer(event("response.created", g -> {
      g.writeFieldName("response");
      response.writeInProgress(g);
    }));
    out.appendBuffer(event("response.in_progress", g -> {
      g.writeFieldName("response");
      response.writeInProgress(g);
    }));
    var items = response.items();
    if (items.size() > 1) { // the reasoning item: nothing to stream
      out.appendBuffer(itemEvent("response.output_item.added", 0, items.getFirst(), "in_progress"));
      out.appendBuffer(itemEvent("response.output_item.done", 0, items.getFirst(), "completed"));
    }
    out.appendBuffer(itemEvent("response.output_item.added", response.answerIndex(), items.getLast(), "in_progress"));
    if (gen.toolCall() == null) {
      out.appendBuffer(partEvent("response.content_part.added", ""));
    }
    openingEvents = sequence;
    return out;
  }

  @Override
  public Buffer content(int index) {
    ToolCall tool = gen.toolCall();
    byte[] number = ascii(Integer.toString(openingEvents + index));
    Buffer out = Buffer.buffer(deltaHead.length + 32 + deltaMiddle.length + number.length + EVENT_END.length)
        .appendBytes(deltaHead);
    if (tool != null) {
      out.appendBytes(Json.quoted(tool.pieces().get(index)));
    } else { // reply words are plain ASCII letters: nothing to escape
      out.appendByte((byte) '"').appendBytes(gen.deltaBytes(index)).appendByte((byte) '"');
    }
    return out.appendBytes(deltaMiddle).appendBytes(number).appendBytes(EVENT_END);
  }

  @Override
  public Buffer malformed() {
    return Buffer.buffer(malformed);
  }

  @Override
  public Buffer closing() {
    sequence = openingEvents + contentChunks();
    int index = response.answerIndex();
    String status = response.incomplete() ? "incomplete" : "completed";
    ToolCall tool = gen.toolCall();
    Buffer out = Buffer.buffer(1024);
    if (tool == null) {
      String text = gen.text();
      out.appendBuffer(event("response.output_text.done", g -> {
        g.writeStringField("item_id", response.answerId());
        g.writeNumberField("output_index", index);
        g.writeNumberField("content_index", 0);
        g.writeStringField("text", text);
        g.writeArrayFieldStart("logprobs");
        g.writeEndArray();
      }));
      out.appendBuffer(partEvent("response.content_part.done", text));
    } else {
      out.appendBuffer(event("response.function_call_arguments.done", g -> {
        g.writeStringField("item_id", response.answerId());
        g.writeNumberField("output_index", index);
        g.writeStringField("name", tool.name());
        g.writeStringField("arguments", tool.arguments());
      }));
    }
    out.appendBuffer(itemEvent("response.output_item.done", index, response.items().getLast(), status));
    out.appendBuffer(event(response.incomplete() ? "response.incomplete" : "response.completed", g -> {
      g.writeFieldName("response");
      response.writeFinal(g);
    }));
    return out;
  }

  private Buffer itemEvent(String type, int outputIndex, ResponseJson.Item item, String status) {
    return event(type, g -> {
      g.writeNumberField("output_index", outputIndex);
      g.writeFieldName("item");
      item.write(g, status);
    });
  }

  private Buffer partEvent(String type, String text) {
    return event(type, g -> {
      g.writeStringField("item_id", response.answerId());
      g.writeNumberField("output_index", response.answerIndex());
      g.writeNumberField("content_index", 0);
      g.writeFieldName("part");
      ResponseJson.writeTextPart(g, text);
    });
  }

  /** One event: its name line, then its data with the type first and the next sequence number last. */
  private Buffer event(String type, Fields fields) {
    int number = sequence++;
    byte[] data = Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("type", type);
      fields.write(g);
      g.writeNumberField("sequence_number", number);
      g.writeEndObject();
    });
    return Buffer.buffer(data.length + type.length() + 16).appendString("event: ").appendString(type)
        .appendString("\ndata: ").appendBytes(data).appendString("\n\n");
  }

  /** Writes an event's own fields, between its type and its sequence number. */
  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
