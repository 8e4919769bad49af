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
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** {@code POST /v1/chat/completions}, streamed or not. */
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
    var resolved = resolver.resolve(rawModel, exchange.request().headers());
    var behaviour = resolved.behaviour();
    Generation gen = Generation.plan(resolved.model(), TokenCounting.chatPromptTokens(texts), ReplyText.seed(texts), maxTokens, behaviour);

    FaultGate.run(exchange, behaviour, OpenAiErrors.INSTANCE, () -> {
      String id = Ids.next("chatcmpl-");
      long created = System.currentTimeMillis() / 1000;
      if (stream) {
        StreamPacer.start(exchange, behaviour, OpenAiStream.chat(gen, includeUsage, id, created), OpenAiStream.CONTENT_TYPE);
      } else {
        exchange.reply(render(gen, id, created), behaviour);
      }
    });
  }

  static Buffer render(Generation gen, String id, long created) {
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
      g.writeStringField("content", gen.text());
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
