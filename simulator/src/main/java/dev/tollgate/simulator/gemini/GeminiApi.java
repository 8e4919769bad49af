package dev.tollgate.simulator.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.auth.IssuedTokens;
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
 * The Gemini API wire format under {@code /v1beta/models/{model}:{method}} (and {@code /v1/...}), and the same
 * on Vertex AI ({@link VertexPath}): routing by method, authentication ({@code x-goog-api-key} header or
 * {@code key} query parameter; on Vertex a bearer token from the simulator's own token endpoint), body parsing
 * and the mapping of invalid requests to {@code INVALID_ARGUMENT}; the endpoints do the rest. Any other
 * {@code /v1beta} path gets a Google-style 404.
 */
public final class GeminiApi implements ProviderApi {

  private final GeminiEndpoint generate;
  private final GeminiEndpoint streamGenerate;
  private final GeminiEndpoint countTokens;
  private final GeminiEndpoint embed;
  private final GeminiEndpoint batchEmbed;
  private final IssuedTokens tokens;

  public GeminiApi(BehaviourResolver resolver, IssuedTokens tokens) {
    this.tokens = tokens;
    this.generate = new GenerateContent(resolver, false);
    this.streamGenerate = new GenerateContent(resolver, true);
    this.countTokens = new CountTokens(resolver);
    EmbedContent embeddings = new EmbedContent(resolver);
    this.embed = embeddings::embed;
    this.batchEmbed = embeddings::batch;
  }

  @Override
  public Handler<Exchange> route(HttpMethod method, String path) {
    if (VertexPath.claims(path)) {
      return vertex(method, path);
    }
    if (!path.startsWith(GeminiPath.BETA_PREFIX) && !path.startsWith(GeminiPath.V1_PREFIX)) {
      return null;
    }
    GeminiPath target = GeminiPath.parse(path);
    if (target == null) {
      // any other /v1beta path is Google's; /v1 is shared with OpenAI and Anthropic
      return path.startsWith(GeminiPath.BETA_PREFIX) ? GeminiErrors::notFound : null;
    }
    GeminiEndpoint endpoint = switch (target.method()) {
      case "generateContent" -> generate;
      case "streamGenerateContent" -> streamGenerate;
      case "countTokens" -> countTokens;
      case "embedContent" -> embed;
      case "batchEmbedContents" -> batchEmbed;
      default -> null;
    };
    if (endpoint == null || method != HttpMethod.POST) {
      return GeminiErrors::notFound;
    }
    return exchange -> handle(exchange, endpoint, target.model());
  }

  /** Vertex serves content generation and token counting; embeddings go through {@code :predict} there. */
  private Handler<Exchange> vertex(HttpMethod method, String path) {
    GeminiPath target = VertexPath.parse(path);
    GeminiEndpoint endpoint = target == null ? null : switch (target.method()) {
      case "generateContent" -> generate;
      case "streamGenerateContent" -> streamGenerate;
      case "countTokens" -> countTokens;
      default -> null;
    };
    if (endpoint == null || method != HttpMethod.POST) {
      return GeminiErrors::notFound;
    }
    return exchange -> {
      if (!tokens.authorizes(exchange.request())) {
        GeminiErrors.invalidAccessToken(exchange);
        return;
      }
      serve(exchange, endpoint, target.model());
    };
  }

  private static void handle(Exchange exchange, GeminiEndpoint endpoint, String rawModel) {
    if (!hasApiKey(exchange)) {
      if (exchange.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
        GeminiErrors.unsupportedCredentials(exchange);
      } else {
        GeminiErrors.missingApiKey(exchange);
      }
      return;
    }
    serve(exchange, endpoint, rawModel);
  }

  private static void serve(Exchange exchange, GeminiEndpoint endpoint, String rawModel) {
    JsonNode body;
    try {
      body = Json.parse(exchange.body());
    } catch (IOException e) {
      GeminiErrors.invalidArgument(exchange, "Invalid JSON payload received. The request body is not valid JSON.");
      return;
    }
    if (body == null || !body.isObject()) {
      GeminiErrors.invalidArgument(exchange, "Invalid JSON payload received. The request body must be a JSON object.");
      return;
    }
    try {
      endpoint.handle(exchange, rawModel, body);
    } catch (InvalidRequest | DirectiveException e) {
      GeminiErrors.invalidArgument(exchange, e.getMessage());
    }
  }

  /** Any non-blank key is accepted: the simulator checks presence, not validity. */
  private static boolean hasApiKey(Exchange exchange) {
    String key = exchange.request().getHeader("x-goog-api-key");
    if (key == null || key.isBlank()) {
      key = exchange.request().getParam("key");
    }
    return key != null && !key.isBlank();
  }
}
