package dev.tollgate.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.TokenCounting;

/**
 * {@code :countTokens}: {@code {"totalTokens": N, "promptTokensDetails": [...]}} for either
 * {@code contents} or a whole {@code generateContentRequest} (then its {@code systemInstruction}
 * counts too), exactly the {@code promptTokenCount} that generateContent would report.
 */
final class CountTokens implements GeminiEndpoint {

  private final BehaviourResolver resolver;

  CountTokens(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(Exchange exchange, String rawModel, JsonNode body) {
    JsonNode wrapped = body.get("generateContentRequest");
    boolean hasContents = body.has("contents");
    if (wrapped != null && hasContents) {
      throw new InvalidRequest("contents", "* CountTokensRequest: contents and generate_content_request cannot both be set.");
    }
    int tokens = wrapped != null && wrapped.isObject()
        ? GenerateRequest.parse(wrapped, "CountTokensRequest.generate_content_request").promptTokens()
        : TokenCounting.chatPromptTokens(GenerateRequest.contents(body.get("contents"), "CountTokensRequest"));
    var behaviour = resolver.resolve(rawModel, exchange).behaviour();
    FaultGate.run(exchange, behaviour, GeminiErrors.INSTANCE, () -> exchange.reply(Json.buffer(g -> {
      g.writeStartObject();
      g.writeNumberField("totalTokens", tokens);
      g.writeArrayFieldStart("promptTokensDetails");
      g.writeStartObject();
      g.writeStringField("modality", "TEXT");
      g.writeNumberField("tokenCount", tokens);
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }), behaviour));
  }
}
