package dev.tollgate.simulator.anthropic;

import dev.tollgate.simulator.core.ErrorFormat;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.Json;
import io.vertx.core.buffer.Buffer;

/**
 * Anthropic's error envelope {@code {"type":"error","error":{"type","message"}}} and the error type
 * Anthropic pairs with each status, so that gateways classify simulated failures as real ones:
 * 400 {@code invalid_request_error}, 401 {@code authentication_error}, 402 {@code billing_error},
 * 403 {@code permission_error}, 404 {@code not_found_error}, 413 {@code request_too_large},
 * 429 {@code rate_limit_error}, 500 {@code api_error}, 503 and 529 {@code overloaded_error},
 * 504 {@code timeout_error}; any other 4xx is an {@code invalid_request_error} and any other 5xx an
 * {@code api_error}.
 */
final class AnthropicErrors implements ErrorFormat {

  static final AnthropicErrors INSTANCE = new AnthropicErrors();

  static final String INVALID_REQUEST = "invalid_request_error";

  private AnthropicErrors() {}

  @Override
  public String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "Bad request (simulated).";
      case 401 -> "invalid x-api-key (simulated)";
      case 402 -> "Your credit balance is too low to access the Anthropic API (simulated).";
      case 403 -> "Your API key does not have permission to use the specified resource (simulated).";
      case 404 -> "The requested resource could not be found (simulated).";
      case 413 -> "Request exceeds the maximum allowed number of bytes (simulated).";
      case 429 -> "Number of request tokens has exceeded your per-minute rate limit (simulated).";
      case 500 -> "Internal server error (simulated).";
      case 503, 529 -> "Overloaded (simulated).";
      case 504 -> "Request timed out (simulated).";
      default -> "Simulated error (HTTP " + status + ").";
    };
  }

  @Override
  public Buffer render(int status, String message) {
    return body(type(status), message);
  }

  static String type(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 503, 529 -> "overloaded_error";
      case 504 -> "timeout_error";
      default -> status >= 500 ? "api_error" : INVALID_REQUEST;
    };
  }

  static Buffer body(String type, String message) {
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeStringField("type", "error");
      g.writeObjectFieldStart("error");
      g.writeStringField("type", type);
      g.writeStringField("message", message);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  static void invalidRequest(Exchange exchange, String message) {
    exchange.sendJson(400, body(INVALID_REQUEST, message));
  }

  static void missingApiKey(Exchange exchange) {
    exchange.sendJson(401, body("authentication_error", "x-api-key header is required (simulator: any non-empty key)"));
  }

  static void notFound(Exchange exchange) {
    var request = exchange.request();
    exchange.sendJson(404, body("not_found_error", "Not found: " + request.method() + " " + request.path()));
  }
}
