package dev.tollgate.simulator.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.Json;

/**
 * {@code POST /v1/messages/count_tokens}: {@code {"input_tokens": N}}, the whole prompt as
 * {@code /v1/messages} would count it (before any cache split). It takes the same fields minus
 * {@code max_tokens}; faults apply, as to any provider call.
 */
final class CountTokens implements AnthropicEndpoint {

  private final BehaviourResolver resolver;

  CountTokens(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(Exchange exchange, JsonNode body) {
    MessagesRequest request = MessagesRequest.parse(body, true);
    var behaviour = resolver.resolve(request.model(), exchange).behaviour();
    int tokens = request.promptTokens();
    FaultGate.run(exchange, behaviour, AnthropicErrors.INSTANCE, () -> exchange.reply(Json.buffer(g -> {
      g.writeStartObject();
      g.writeNumberField("input_tokens", tokens);
      g.writeEndObject();
    }), behaviour));
  }
}
