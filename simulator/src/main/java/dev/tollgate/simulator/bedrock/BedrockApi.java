package dev.tollgate.simulator.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.BehaviourResolver;
import dev.tollgate.simulator.core.DirectiveException;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.InvalidRequest;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.ProviderApi;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Bedrock Runtime wire format under {@code /model/{modelId}/converse},
 * {@code /model/{modelId}/converse-stream} and {@code /model/{modelId}/invoke}: routing, authentication
 * (an {@code Authorization} header of the {@code AWS4-HMAC-SHA256} scheme; the signature is recorded,
 * not verified), body parsing and the mapping of invalid requests to {@code ValidationException};
 * {@link Converse} and {@link InvokeModel} do the rest. Other operations under {@code /model/} get an
 * {@code UnknownOperationException}. Every answer carries an {@code x-amzn-RequestId} header, as
 * Bedrock's do.
 */
public final class BedrockApi implements ProviderApi {

  static final String SIGV4 = "AWS4-HMAC-SHA256";

  private final Converse converse;
  private final Converse converseStream;
  private final InvokeModel invoke;

  public BedrockApi(BehaviourResolver resolver) {
    this.converse = new Converse(resolver, false);
    this.converseStream = new Converse(resolver, true);
    this.invoke = new InvokeModel(resolver);
  }

  @Override
  public Handler<Exchange> route(HttpMethod method, String path) {
    if (!path.startsWith(BedrockPath.PREFIX)) {
      return null;
    }
    BedrockPath target = BedrockPath.parse(path);
    BedrockEndpoint endpoint = target == null ? null : switch (target.operation()) {
      case "converse" -> converse;
      case "converse-stream" -> converseStream;
      case "invoke" -> invoke;
      default -> null;
    };
    if (endpoint == null || method != HttpMethod.POST) {
      return exchange -> {
        requestId(exchange);
        BedrockErrors.notFound(exchange);
      };
    }
    return exchange -> handle(exchange, endpoint, target.model());
  }

  private static void handle(Exchange exchange, BedrockEndpoint endpoint, String rawModel) {
    requestId(exchange);
    String authorization = exchange.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || authorization.isBlank()) {
      BedrockErrors.send(exchange, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
      return;
    }
    if (!authorization.startsWith(SIGV4 + " ")) {
      BedrockErrors.send(exchange, 403, "IncompleteSignatureException", "Authorization header requires 'Credential',"
          + " 'SignedHeaders' and 'Signature' parameters (simulator: any " + SIGV4 + " authorization is accepted).");
      return;
    }
    JsonNode body;
    try {
      body = Json.parse(exchange.body());
    } catch (IOException e) {
      BedrockErrors.validation(exchange, "Malformed input request, please reformat your input and try again.");
      return;
    }
    if (body == null || !body.isObject()) {
      BedrockErrors.validation(exchange, "Malformed input request, please reformat your input and try again.");
      return;
    }
    try {
      endpoint.handle(exchange, rawModel, body);
    } catch (InvalidRequest | DirectiveException e) {
      BedrockErrors.validation(exchange, e.getMessage());
    }
  }

  private static void requestId(Exchange exchange) {
    ThreadLocalRandom random = ThreadLocalRandom.current(); // contention-free, unlike UUID.randomUUID()
    exchange.response().putHeader("x-amzn-RequestId", new UUID(random.nextLong(), random.nextLong()).toString());
  }
}
