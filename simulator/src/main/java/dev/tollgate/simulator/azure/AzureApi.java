package dev.tollgate.simulator.azure;

import dev.tollgate.simulator.auth.IssuedTokens;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.PercentDecoding;
import dev.tollgate.simulator.core.ProviderApi;
import dev.tollgate.simulator.openai.OpenAiApi;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure OpenAI's data plane: {@code POST /openai/deployments/{deployment}/chat/completions|completions|embeddings
 * ?api-version=…}, answered by the OpenAI endpoints with the deployment (percent-decoded, directives included) as
 * the model, since Azure routes by the path. Authentication: a non-blank {@code api-key} header, or
 * {@code Authorization: Bearer <a token issued by the simulator's Entra endpoint>}; otherwise Azure's 401.
 */
public final class AzureApi implements ProviderApi {

  private static final Pattern PATH = Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|completions|embeddings)");

  private final OpenAiApi openAi;
  private final IssuedTokens tokens;

  public AzureApi(OpenAiApi openAi, IssuedTokens tokens) {
    this.openAi = openAi;
    this.tokens = tokens;
  }

  @Override
  public Handler<Exchange> route(HttpMethod method, String path) {
    if (!path.startsWith("/openai/")) {
      return null;
    }
    Matcher m = PATH.matcher(path);
    if (!m.matches() || method != HttpMethod.POST) {
      return exchange -> error(exchange, 404, "404", "Resource not found");
    }
    Handler<Exchange> endpoint = openAi.forModel(m.group(2), PercentDecoding.decode(m.group(1)));
    return exchange -> {
      String apiKey = exchange.request().getHeader("api-key");
      boolean hasKey = apiKey != null && !apiKey.isBlank();
      if (!hasKey && !tokens.authorizes(exchange.request())) {
        if (exchange.request().getHeader("authorization") != null) {
          error(exchange, 401, "401", "Unauthorized. Access token is missing, invalid, audience is incorrect "
              + "(https://cognitiveservices.azure.com), or have expired. (simulator: a token issued by its Entra endpoint)");
        } else {
          error(exchange, 401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure "
              + "to provide a valid key for an active subscription and use a correct regional API endpoint for your "
              + "resource. (simulator: any non-blank api-key header)");
        }
        return;
      }
      String version = exchange.request().getParam("api-version");
      if (version == null || version.isBlank()) {
        error(exchange, 404, "404", "Resource not found");
        return;
      }
      endpoint.handle(exchange);
    };
  }

  /** Azure's own error shape for what happens before the OpenAI layer: {@code {"error":{"code","message"}}}. */
  private static void error(Exchange exchange, int status, String code, String message) {
    exchange.sendJson(status, Json.buffer(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      g.writeEndObject();
      g.writeEndObject();
    }));
  }
}
