package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Ids;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.ReplyText;
import dev.tollgate.simulator.core.StreamPacer;
import dev.tollgate.simulator.core.TokenCounting;
import dev.tollgate.simulator.core.ToolCall;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * {@code POST /v1/chat/completions}, streamed or not. A request that declares function tools may be
 * answered with one tool call (the {@code tool_call} directive or a forcing {@code tool_choice}, see
 * {@link ChatTools}); a request with {@code reasoning_effort} reasons first, which is reported only
 * as {@code completion_tokens_details.reasoning_tokens}, never as text.
 */
final class ChatCompletions implements OpenAiEndpoint {

  static final String FINGERPRINT = "fp_sim";

  private final BehaviourResolver resolver;

  ChatCompletions(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(Exchange exchange, JsonNode body) {
    String rawModel = RequestFields.model(body);
    List<String> texts = RequestFields.messageTexts(body);
    int maxTokens = RequestFields.maxTokens(body);
    boolean stream = RequestFields.stream(body);
    boolean includeUsage = RequestFields.includeUsage(body);
    boolean reasoning = RequestFields.reasoning(body);
    ChatTools tools = ChatTools.parse(body);
    var resolved = resolver.resolve(rawModel, exchange);
    var behaviour = resolved.behaviour().echoing(texts);
    long seed = ReplyText.seed(texts);
    ToolCall tool = tools.call(behaviour.toolCall(), seed);
    Generation gen = Generation.plan(resolved.model(), TokenCounting.chatPromptTokens(texts), seed, maxTokens, behaviour,
        reasoning, tool);

    FaultGate.run(exchange, behaviour, OpenAiErrors.INSTANCE, () -> {
      String id = Ids.next("chatcmpl-");
      String callId = tool == null ? null : Ids.next("call_");
      long created = System.currentTimeMillis() / 1000;
      if (stream) {
        StreamPacer.start(exchange, behaviour, OpenAiStream.chat(gen, includeUsage, id, created, callId), OpenAiStream.CONTENT_TYPE);
      } else {
        exchange.reply(render(gen, id, created, callId), behaviour);
      }
    });
  }

  /** @param callId the tool call's id, or {@code null} when the reply is text */
  static Buffer render(Generation gen, String id, long created, String callId) {
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("object", "chat.completion");
      g.writeNumberField("created", created);
      g.writeStringField("model", gen.model());
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      g.writeNumberField("index", 0);
      g.writeObjectFieldStart("message");
      g.writeStringField("role", "assistant");
      ToolCall tool = gen.toolCall();
      if (tool == null) {
        g.writeStringField("content", gen.text());
      } else {
        g.writeNullField("content");
        g.writeArrayFieldStart("tool_calls");
        g.writeStartObject();
        g.writeStringField("id", callId);
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", tool.name());
        g.writeStringField("arguments", tool.arguments());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
      }
      g.writeNullField("refusal");
      g.writeEndObject();
      g.writeNullField("logprobs");
      g.writeStringField("finish_reason", Usage.finishReason(gen));
      g.writeEndObject();
      g.writeEndArray();
      if (gen.usageAllowed()) {
        g.writeFieldName("usage");
        Usage.write(g, gen);
      }
      g.writeStringField("system_fingerprint", FINGERPRINT);
      g.writeEndObject();
    });
  }
}
