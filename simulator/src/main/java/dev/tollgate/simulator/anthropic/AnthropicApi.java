package dev.tollgate.simulator.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.DirectiveException;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.Ids;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.ProviderApi;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;

/**
 * The Anthropic Messages wire format under {@code /v1/messages}: routing, authentication
 * ({@code x-api-key}), body parsing and the mapping of invalid requests to Anthropic 400 errors;
 * the endpoints do the rest. Every answer carries a {@code request-id} header, as Anthropic's do.
 */
public final class AnthropicApi implements ProviderApi {

  static final String PATH = "/v1/messages";
  private static final String COUNT_TOKENS_PATH = "/v1/messages/count_tokens";

  private final Handler<Exchange> messages;
  private final Handler<Exchange> countTokens;

  public AnthropicApi(BehaviourResolver resolver) {
    this.messages = guarded(new Messages(resolver));
    this.countTokens = guarded(new CountTokens(resolver));
  }

  @Override
  public Handler<Exchange> route(HttpMethod method, String path) {
    if (path.equals(PATH)) {
      return method == HttpMethod.POST ? messages : AnthropicErrors::notFound;
    }
    if (path.equals(COUNT_TOKENS_PATH)) {
      return method == HttpMethod.POST ? countTokens : AnthropicErrors::notFound;
    }
    return path.startsWith(PATH + "/") ? AnthropicErrors::notFound : null;
  }

  private static Handler<Exchange> guarded(AnthropicEndpoint endpoint) {
    return exchange -> {
      exchange.response().putHeader("request-id", Ids.next("req_"));
      if (!authorized(exchange)) {
        AnthropicErrors.missingApiKey(exchange);
        return;
      }
      JsonNode body;
      try {
        body = Json.parse(exchange.body());
      } catch (IOException e) {
        AnthropicErrors.invalidRequest(exchange, "There was an issue with your request body: it is not valid JSON.");
        return;
      }
      if (body == null || !body.isObject()) {
        AnthropicErrors.invalidRequest(exchange, "The request body must be a JSON object.");
        return;
      }
      try {
        endpoint.handle(exchange, body);
      } catch (InvalidRequest | DirectiveException e) {
        AnthropicErrors.invalidRequest(exchange, e.getMessage());
      }
    };
  }

  /** Any non-blank {@code x-api-key} is accepted: the simulator checks presence, not validity. */
  private static boolean authorized(Exchange exchange) {
    String key = exchange.request().getHeader("x-api-key");
    return key != null && !key.isBlank();
  }
}
