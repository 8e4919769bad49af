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

/**
 * Legacy {@code POST /v1/completions}. Several prompts still produce a single choice (like
 * {@code n}, multiplicity is not simulated); all prompts count towards the prompt tokens.
 */
final class TextCompletions implements OpenAiEndpoint {

  private final BehaviourResolver resolver;

  TextCompletions(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(Exchange exchange, JsonNode body) {
    String rawModel = RequestFields.model(body);
    List<String> prompts = RequestFields.texts(body.get("prompt"), "prompt", false);
    int maxTokens = RequestFields.maxTokens(body);
    boolean stream = RequestFields.stream(body);
    boolean includeUsage = RequestFields.includeUsage(body);
    var resolved = resolver.resolve(rawModel, exchange);
    var behaviour = resolved.behaviour();
    Generation gen = Generation.plan(resolved.model(), TokenCounting.textTokens(prompts), ReplyText.seed(prompts), maxTokens, behaviour);

    FaultGate.run(exchange, behaviour, OpenAiErrors.INSTANCE, () -> {
      String id = Ids.next("cmpl-");
      long created = System.currentTimeMillis() / 1000;
      if (stream) {
        StreamPacer.start(exchange, behaviour, OpenAiStream.text(gen, includeUsage, id, created), OpenAiStream.CONTENT_TYPE);
      } else {
        exchange.reply(render(gen, id, created), behaviour);
      }
    });
  }

  static Buffer render(Generation gen, String id, long created) {
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("object", "text_completion");
      g.writeNumberField("created", created);
      g.writeStringField("model", gen.model());
      g.writeStringField("system_fingerprint", ChatCompletions.FINGERPRINT);
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      g.writeStringField("text", gen.text());
      g.writeNumberField("index", 0);
      g.writeNullField("logprobs");
      g.writeStringField("finish_reason", Usage.finishReason(gen));
      g.writeEndObject();
      g.writeEndArray();
      if (gen.usageAllowed()) {
        g.writeFieldName("usage");
        Usage.write(g, gen);
      }
      g.writeEndObject();
    });
  }
}
