package dev.tollgate.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Ids;
import dev.tollgate.simulator.core.StreamPacer;
import dev.tollgate.simulator.core.ToolCall;

/** {@code :generateContent} and {@code :streamGenerateContent} (SSE with {@code alt=sse}, else a JSON array). */
final class GenerateContent implements GeminiEndpoint {

  private final BehaviourResolver resolver;
  private final boolean stream;

  GenerateContent(BehaviourResolver resolver, boolean stream) {
    this.resolver = resolver;
    this.stream = stream;
  }

  @Override
  public void handle(Exchange exchange, String rawModel, JsonNode body) {
    GenerateRequest request = GenerateRequest.parse(body);
    var resolved = resolver.resolve(rawModel, exchange);
    var behaviour = resolved.behaviour();
    long seed = request.seed();
    ToolCall tool = request.toolCall(behaviour.toolCall(), seed);
    Generation gen = Generation.plan(resolved.model(), request.promptTokens(), seed, request.maxTokens(), behaviour,
        request.thinking(), tool);
    boolean sse = "sse".equals(exchange.request().getParam("alt"));

    FaultGate.run(exchange, behaviour, GeminiErrors.INSTANCE, () -> {
      String responseId = Ids.next("");
      if (stream) {
        GeminiStream script = new GeminiStream(gen, request.includeThoughts(), sse, responseId);
        StreamPacer.start(exchange, behaviour, script, script.contentType());
      } else {
        exchange.reply(GeminiResponse.render(gen, request.includeThoughts(), responseId), behaviour);
      }
    });
  }
}
