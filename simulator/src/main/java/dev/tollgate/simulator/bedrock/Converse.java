package dev.tollgate.simulator.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Ids;
import dev.tollgate.simulator.core.StreamPacer;
import dev.tollgate.simulator.core.ToolCall;

/** {@code Converse} ({@code /converse}) and {@code ConverseStream} ({@code /converse-stream}). */
final class Converse implements BedrockEndpoint {

  private final BehaviourResolver resolver;
  private final boolean stream;

  Converse(BehaviourResolver resolver, boolean stream) {
    this.resolver = resolver;
    this.stream = stream;
  }

  /**
   * @param rawModel the model segment of the path, decoded, directives included
   * @throws dev.tollgate.simulator.core.InvalidRequest for an invalid request
   * @throws dev.tollgate.simulator.core.DirectiveException for an invalid simulator directive
   */
  @Override
  public void handle(Exchange exchange, String rawModel, JsonNode body) {
    ConverseRequest request = ConverseRequest.parse(body);
    var resolved = resolver.resolve(rawModel, exchange);
    var behaviour = resolved.behaviour();
    long seed = request.seed();
    ToolCall tool = request.toolCall(behaviour.toolCall(), seed);
    Generation gen = Generation.plan(resolved.model(), request.promptTokens(), seed, request.maxTokens(), behaviour,
        request.thinking(), tool);

    FaultGate.run(exchange, behaviour, BedrockErrors.of(exchange), () -> {
      String toolUseId = tool == null ? null : Ids.next("tooluse_");
      if (stream) {
        StreamPacer.start(exchange, behaviour, new ConverseStream(gen, toolUseId), EventFrames.CONTENT_TYPE);
      } else {
        exchange.reply(ConverseJson.render(gen, toolUseId), behaviour);
      }
    });
  }
}
