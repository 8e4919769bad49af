package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.FaultGate;
import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.ReplyText;
import dev.tollgate.simulator.core.StreamPacer;
import dev.tollgate.simulator.core.TokenCounting;
import dev.tollgate.simulator.core.ToolCall;

/**
 * {@code POST /v1/responses}, streamed or not ({@link ResponsesRequest}, {@link ResponseJson},
 * {@link ResponsesStream}). The same generation as a Chat Completions request with the same prompt: the same
 * words, tool call and usage, rendered as a Response. Stateless: nothing is stored, so a
 * {@code previous_response_id} is never found.
 */
final class Responses implements OpenAiEndpoint {

  private final BehaviourResolver resolver;

  Responses(BehaviourResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(Exchange exchange, JsonNode body) {
    ResponsesRequest request = ResponsesRequest.parse(body);
    var resolved = resolver.resolve(request.model(), exchange);
    var behaviour = resolved.behaviour().echoing(request.messageTexts());
    long seed = ReplyText.seed(request.messageTexts());
    ToolCall tool = request.tools().call(behaviour.toolCall(), seed);
    Generation gen = Generation.plan(resolved.model(), TokenCounting.chatPromptTokens(request.messageTexts()), seed,
        request.maxTokens(), behaviour, request.reasoning(), tool);

    FaultGate.run(exchange, behaviour, OpenAiErrors.INSTANCE, () -> {
      ResponseJson response = new ResponseJson(request, gen);
      if (request.stream()) {
        StreamPacer.start(exchange, behaviour, new ResponsesStream(response, gen), OpenAiStream.CONTENT_TYPE);
      } else {
        exchange.reply(Json.buffer(response::writeFinal), behaviour);
      }
    });
  }
}
