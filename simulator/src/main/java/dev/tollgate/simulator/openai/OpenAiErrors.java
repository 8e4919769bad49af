package dev.tollgate.simulator.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tollgate.simulator.core.ErrorFormat;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * OpenAI's error envelope {@code {"error":{"message","type","param","code"}}} and the type/code
 * that OpenAI pairs with each status, so that gateways classify simulated failures exactly as real
 * ones (rate limit vs. overload vs. server error).
 */
public final class OpenAiErrors implements ErrorFormat {

  public static final OpenAiErrors INSTANCE = new OpenAiErrors();

  static final String INVALID_REQUEST = "invalid_request_error";
  static final String RATE_LIMIT = "rate_limit_error";
  static final String SERVER_ERROR = "server_error";

  private OpenAiErrors() {}

  @Override
  public String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "Bad request (simulated).";
      case 401 -> "Incorrect API key provided (simulated).";
      case 403 -> "You are not allowed to access this resource (simulated).";
      case 404 -> "The model does not exist or you do not have access to it (simulated).";
      case 429 -> "Rate limit reached for requests (simulated). Please try again later.";
      case 500 -> "The server had an error while processing your request (simulated).";
      case 502 -> "Bad gateway (simulated).";
      case 503 -> "The engine is currently overloaded, please try again later (simulated).";
      case 504 -> "Gateway timeout (simulated).";
      default -> "Simulated error (HTTP " + status + ").";
    };
  }

  @Override
  public Buffer render(int status, String message) {
    return body(message, type(status), null, code(status));
  }

  static String type(int status) {
    if (status == 429) {
      return RATE_LIMIT;
    }
    return status >= 500 ? SERVER_ERROR : INVALID_REQUEST;
  }

  static String code(int status) {
    return switch (status) {
      case 401 -> "invalid_api_key";
      case 403 -> "permission_denied";
      case 404 -> "model_not_found";
      case 429 -> "rate_limit_exceeded";
      case 503 -> "overloaded";
      case 504 -> "timeout";
      default -> null;
    };
  }

  public static Buffer body(String message, String type, String param, String code) {
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("message", message);
      g.writeStringField("type", type);
      writeNullable(g, "param", param);
      writeNullable(g, "code", code);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  static void badRequest(Exchange exchange, String message, String param) {
    exchange.sendJson(400, body(message, INVALID_REQUEST, param, null));
  }

  static void missingApiKey(Exchange exchange) {
    exchange.sendJson(401, body(
        "You didn't provide an API key. Provide it in the Authorization header as 'Bearer YOUR_KEY' (simulator: any non-empty key).",
        INVALID_REQUEST, null, "invalid_api_key"));
  }

  static void notFound(Exchange exchange) {
    var request = exchange.request();
    exchange.sendJson(404, body("Invalid URL (" + request.method() + " " + request.path() + ")", INVALID_REQUEST, null, null));
  }

  private static void writeNullable(JsonGenerator g, String field, String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }
}
