package dev.tollgate.simulator.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Ids;
import dev.tollgate.simulator.core.StreamPacer;
import dev.tollgate.simulator.core.ToolCall;

/** {@code POST /v1/messages}, streamed or not. */
final class Messages implements AnthropicEndpoint {

  private final BehaviourResolver resolver;

  Messages(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(Exchange exchange, JsonNode body) {
    MessagesRequest request = MessagesRequest.parse(body, false);
    var resolved = resolver.resolve(request.model(), exchange);
    var behaviour = resolved.behaviour();
    long seed = request.seed();
    ToolCall tool = request.toolCall(behaviour.toolCall(), seed);
    Generation gen = Generation.plan(resolved.model(), request.promptTokens(), seed, request.maxTokens(), behaviour,
        request.thinking(), tool);

    FaultGate.run(exchange, behaviour, AnthropicErrors.INSTANCE, () -> {
      String id = Ids.next("msg_");
      String toolUseId = tool == null ? null : Ids.next("toolu_");
      if (request.stream()) {
        StreamPacer.start(exchange, behaviour, new AnthropicStream(gen, id, toolUseId), AnthropicStream.CONTENT_TYPE);
      } else {
        exchange.reply(MessageJson.render(gen, id, toolUseId), behaviour);
      }
    });
  }
}
