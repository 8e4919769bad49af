package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Ids;
import dev.tollgate.simulator.core.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One reply in the Responses format: the Response object and its output items, with the ids fixed up front so
 * that a stream's events and its final Response agree. Output, in order: a {@code reasoning} item when the
 * request reasons (its {@code summary} empty: reasoning is counted, never shown, as in Chat Completions), then a
 * {@code message} with one {@code output_text} part, or a {@code function_call}. A reply cut short by
 * {@code max_output_tokens} is {@code incomplete}. The request's settings are repeated as OpenAI repeats them,
 * with OpenAI's defaults where the request has none. Per reply.
 */
final class ResponseJson {

  private final ResponsesRequest request;
  private final Generation gen;
  private final String id = Ids.next("resp_");
  private final String reasoningId = Ids.next("rs_");
  private final String messageId = Ids.next("msg_");
  private final String callId = Ids.next("call_");
  private final long createdAt = System.currentTimeMillis() / 1000;

  ResponseJson(ResponsesRequest request, Generation gen) {
    this.request = request;
    this.gen = gen;
  }

  /** The output index of the message or function call (after the reasoning item, if any). */
  int answerIndex() {
    return gen.thinking() ? 1 : 0;
  }

  /** The id of the message or function call item. */
  String answerId() {
    return gen.toolCall() != null ? "fc_" + messageId.substring(4) : messageId;
  }

  boolean incomplete() {
    return gen.toolCall() == null && gen.truncated();
  }

  /** The complete Response (status {@code completed} or {@code incomplete}). */
  void writeFinal(JsonGenerator g) throws IOException {
    write(g, incomplete() ? "incomplete" : "completed", true);
  }

  /** The Response as {@code response.created} and {@code response.in_progress} show it: no output yet. */
  void writeInProgress(JsonGenerator g) throws IOException {
    write(g, "in_progress", false);
  }

  private void write(JsonGenerator g, String status, boolean done) throws IOException {
    JsonNode body = request.body();
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("object", "response");
    g.writeNumberField("created_at", createdAt);
    g.writeStringField("status", status);
    g.writeBooleanField("background", false);
    if (done && !incomplete()) {
      g.writeNumberField("completed_at", System.currentTimeMillis() / 1000);
    } else {
      g.writeNullField("completed_at");
    }
    g.writeNullField("error");
    if (done && incomplete()) {
      g.writeObjectFieldStart("incomplete_details");
      g.writeStringField("reason", "max_output_tokens");
      g.writeEndObject();
    } else {
      g.writeNullField("incomplete_details");
    }
    echo(g, "instructions", body.get("instructions"), null);
    echo(g, "max_output_tokens", body.get("max_output_tokens"), null);
    g.writeStringField("model", gen.model());
    g.writeArrayFieldStart("output");
    if (done) {
      for (Item item : items()) {
        item.write(g, incomplete() ? "incomplete" : "completed");
      }
    }
    g.writeEndArray();
    echo(g, "parallel_tool_calls", body.get("parallel_tool_calls"), Boolean.TRUE);
    g.writeNullField("previous_response_id");
    JsonNode reasoning = body.get("reasoning");
    if (reasoning != null && reasoning.isObject()) {
      g.writeFieldName("reasoning");
      g.writeTree(reasoning);
    } else {
      g.writeObjectFieldStart("reasoning");
      g.writeNullField("effort");
      g.writeNullField("summary");
      g.writeEndObject();
    }
    g.writeStringField("service_tier", "default");
    echo(g, "store", body.get("store"), Boolean.TRUE);
    echo(g, "temperature", body.get("temperature"), 1.0);
    JsonNode text = body.get("text");
    if (text != null && text.isObject()) {
      g.writeFieldName("text");
      g.writeTree(text);
    } else {
      g.writeObjectFieldStart("text");
      g.writeObjectFieldStart("format");
      g.writeStringField("type", "text");
      g.writeEndObject();
      g.writeEndObject();
    }
    echo(g, "tool_choice", body.get("tool_choice"), "auto");
    g.writeArrayFieldStart("tools");
    JsonNode tools = body.get("tools");
    if (tools != null && tools.isArray()) {
      for (JsonNode tool : tools) {
        writeTool(g, tool);
      }
    }
    g.writeEndArray();
    echo(g, "top_p", body.get("top_p"), 1.0);
    echo(g, "truncation", body.get("truncation"), "disabled");
    if (done && gen.usageAllowed()) {
      g.writeFieldName("usage");
      writeUsage(g);
    }
    JsonNode metadata = body.get("metadata");
    g.writeFieldName("metadata");
    if (metadata != null && metadata.isObject()) {
      g.writeTree(metadata);
    } else {
      g.writeStartObject();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** A declared tool as OpenAI repeats it: a function tool with its {@code strict} (default true) and parameters. */
  private static void writeTool(JsonGenerator g, JsonNode tool) throws IOException {
    if (!"function".equals(tool.path("type").asText())) {
      g.writeTree(tool);
      return;
    }
    g.writeStartObject();
    g.writeStringField("type", "function");
    g.writeFieldName("name");
    g.writeTree(tool.get("name"));
    if (tool.hasNonNull("description")) {
      g.writeFieldName("description");
      g.writeTree(tool.get("description"));
    }
    echo(g, "parameters", tool.get("parameters"), null);
    echo(g, "strict", tool.get("strict"), Boolean.TRUE);
    g.writeEndObject();
  }

  /** The request's value of a setting, else OpenAI's default ({@code null}: JSON null). */
  private static void echo(JsonGenerator g, String field, JsonNode given, Object fallback) throws IOException {
    g.writeFieldName(field);
    if (given != null && !given.isNull()) {
      g.writeTree(given);
    } else {
      g.writeObject(fallback);
    }
  }

  /**
   * Responses usage: every input token in {@code input_tokens}, of which the {@code cached_tokens} and
   * {@code cache_write_tokens} directives; every output token (reasoning, text or tool arguments) in
   * {@code output_tokens}, of which the reasoning ({@link Usage#reasoningTokens}).
   */
  void writeUsage(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeNumberField("input_tokens", gen.promptTokens());
    g.writeObjectFieldStart("input_tokens_details");
    g.writeNumberField("cached_tokens", gen.behaviour().cachedTokens());
    g.writeNumberField("cache_write_tokens", gen.behaviour().cacheWriteTokens());
    g.writeEndObject();
    g.writeNumberField("output_tokens", gen.outputTokens());
    g.writeObjectFieldStart("output_tokens_details");
    g.writeNumberField("reasoning_tokens", Usage.reasoningTokens(gen));
    g.writeEndObject();
    g.writeNumberField("total_tokens", gen.totalTokens());
    g.writeEndObject();
  }

  /** One output item, written as it stands at a status ({@code in_progress} while it streams). */
  interface Item {
    void write(JsonGenerator g, String status) throws IOException;
  }

  /** The output items, in order. */
  List<Item> items() {
    List<Item> items = new ArrayList<>(2);
    if (gen.thinking()) {
      items.add(this::writeReasoning);
    }
    ToolCall tool = gen.toolCall();
    items.add(tool != null ? (g, status) -> writeFunctionCall(g, status, status.equals("in_progress") ? "" : tool.arguments())
        : (g, status) -> writeMessage(g, status, !status.equals("in_progress")));
    return items;
  }

  /** Reasoning items carry no status; the summary stays empty. */
  private void writeReasoning(JsonGenerator g, String status) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", reasoningId);
    g.writeStringField("type", "reasoning");
    g.writeArrayFieldStart("summary");
    g.writeEndArray();
    g.writeEndObject();
  }

  /** @param withContent false for the item as it opens, before its content part */
  private void writeMessage(JsonGenerator g, String status, boolean withContent) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", messageId);
    g.writeStringField("type", "message");
    g.writeStringField("status", status);
    g.writeStringField("role", "assistant");
    g.writeArrayFieldStart("content");
    if (withContent) {
      writeTextPart(g, gen.text());
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void writeFunctionCall(JsonGenerator g, String status, String arguments) throws IOException {
    ToolCall tool = gen.toolCall();
    g.writeStartObject();
    g.writeStringField("id", answerId());
    g.writeStringField("type", "function_call");
    g.writeStringField("status", status);
    g.writeStringField("arguments", arguments);
    g.writeStringField("call_id", callId);
    g.writeStringField("name", tool.name());
    g.writeEndObject();
  }

  /** An {@code output_text} content part. */
  static void writeTextPart(JsonGenerator g, String text) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "output_text");
    g.writeArrayFieldStart("annotations");
    g.writeEndArray();
    g.writeArrayFieldStart("logprobs");
    g.writeEndArray();
    g.writeStringField("text", text);
    g.writeEndObject();
  }
}
