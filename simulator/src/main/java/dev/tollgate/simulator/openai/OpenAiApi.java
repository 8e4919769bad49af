package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * The OpenAI wire format under {@code /v1}: routing, authentication, body parsing and the mapping
 * of invalid requests to OpenAI 400 errors; the endpoints do the rest.
 */
public final class OpenAiApi implements ProviderApi {

  private final OpenAiEndpoint chatEndpoint;
  private final OpenAiEndpoint completionsEndpoint;
  private final OpenAiEndpoint embeddingsEndpoint;
  private final Handler<Exchange> chat;
  private final Handler<Exchange> responses;
  private final Handler<Exchange> completions;
  private final Handler<Exchange> embeddings;
  private final Handler<Exchange> models;

  public OpenAiApi(BehaviourResolver resolver) {
    this.chatEndpoint = new ChatCompletions(resolver);
    this.completionsEndpoint = new TextCompletions(resolver);
    this.embeddingsEndpoint = new Embeddings(resolver);
    this.chat = guarded(chatEndpoint);
    this.completions = guarded(completionsEndpoint);
    this.embeddings = guarded(embeddingsEndpoint);
    this.responses = guarded(new Responses(resolver));
    this.models = guarded(new Models(resolver));
  }

  /**
   * An OpenAI endpoint for a caller that another wire format already authenticated, answering as if the body's
   * {@code model} were {@code model} (Azure routes by the deployment in its path and ignores the body's), or
   * {@code null} when {@code relativePath} ({@code chat/completions}, {@code completions}, {@code embeddings})
   * is none.
   */
  public Handler<Exchange> forModel(String relativePath, String model) {
    OpenAiEndpoint endpoint = switch (relativePath) {
      case "chat/completions" -> chatEndpoint;
      case "completions" -> completionsEndpoint;
      case "embeddings" -> embeddingsEndpoint;
      default -> null;
    };
    return endpoint == null ? null : exchange -> serve(exchange, endpoint, model);
  }

  @Override
  public Handler<Exchange> route(HttpMethod method, String path) {
    return switch (path) {
      case "/v1/chat/completions" -> method == HttpMethod.POST ? chat : null;
      case "/v1/responses" -> method == HttpMethod.POST ? responses : null;
      case "/v1/completions" -> method == HttpMethod.POST ? completions : null;
      case "/v1/embeddings" -> method == HttpMethod.POST ? embeddings : null;
      case "/v1/models" -> method == HttpMethod.GET ? models : null;
      default -> null;
    };
  }

  /** Unknown paths get OpenAI's 404, which is also the simulator's default dialect. */
  public static void notFound(Exchange exchange) {
    OpenAiErrors.notFound(exchange);
  }

  private static Handler<Exchange> guarded(OpenAiEndpoint endpoint) {
    return exchange -> {
      if (!authorized(exchange)) {
        OpenAiErrors.missingApiKey(exchange);
        return;
      }
      serve(exchange, endpoint, null);
    };
  }

  /** @param model replaces the body's {@code model} when not {@code null} */
  private static void serve(Exchange exchange, OpenAiEndpoint endpoint, String model) {
    JsonNode body = null;
    if (endpoint.needsBody()) {
      try {
        body = Json.parse(exchange.body());
      } catch (IOException e) {
        OpenAiErrors.badRequest(exchange, "We could not parse the JSON body of your request. Send valid JSON.", null);
        return;
      }
      if (body == null || !body.isObject()) {
        OpenAiErrors.badRequest(exchange, "The request body must be a JSON object.", null);
        return;
      }
      if (model != null) {
        ((ObjectNode) body).put("model", model);
      }
    }
    try {
      endpoint.handle(exchange, body);
    } catch (InvalidRequest e) {
      OpenAiErrors.badRequest(exchange, e.getMessage(), e.field());
    } catch (DirectiveException e) {
      OpenAiErrors.badRequest(exchange, e.getMessage(), null);
    }
  }

  /** Any non-empty bearer token is accepted: the simulator checks presence, not validity. */
  private static boolean authorized(Exchange exchange) {
    String header = exchange.request().getHeader(HttpHeaders.AUTHORIZATION);
    return header != null
        && header.length() > 7
        && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && !header.substring(7).isBlank();
  }
}
