package dev.tollgate.simulator.gemini;

import dev.tollgate.simulator.core.ErrorFormat;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.Json;
import io.vertx.core.buffer.Buffer;

/**
 * Google's error envelope {@code {"error":{"code","message","status"}}}, with the canonical status
 * Google pairs with each HTTP code: 400 {@code INVALID_ARGUMENT}, 401 {@code UNAUTHENTICATED},
 * 403 {@code PERMISSION_DENIED}, 404 {@code NOT_FOUND}, 409 {@code ABORTED}, 429
 * {@code RESOURCE_EXHAUSTED}, 499 {@code CANCELLED}, 500 {@code INTERNAL}, 501
 * {@code UNIMPLEMENTED}, 503 {@code UNAVAILABLE}, 504 {@code DEADLINE_EXCEEDED}; any other 4xx is
 * {@code FAILED_PRECONDITION} and any other 5xx {@code UNKNOWN}. A forced 429 or 503 with
 * {@code retry_after} also carries the delay as a {@code google.rpc.RetryInfo} detail, as Gemini's
 * quota errors do.
 */
final class GeminiErrors implements ErrorFormat {

  static final GeminiErrors INSTANCE = new GeminiErrors();

  private GeminiErrors() {}

  @Override
  public String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "Request contains an invalid argument (simulated).";
      case 401 -> "Request had invalid authentication credentials (simulated).";
      case 403 -> "The caller does not have permission (simulated).";
      case 404 -> "Requested entity was not found (simulated).";
      case 429 -> "Resource has been exhausted (e.g. check quota) (simulated).";
      case 500 -> "An internal error has occurred (simulated).";
      case 503 -> "The model is overloaded. Please try again later (simulated).";
      case 504 -> "Deadline expired before operation could complete (simulated).";
      default -> "Simulated error (HTTP " + status + ").";
    };
  }

  @Override
  public Buffer render(int status, String message) {
    return body(status, message, 0);
  }

  @Override
  public Buffer render(int status, String message, int retryAfterSeconds) {
    return body(status, message, retryAfterSeconds);
  }

  static String status(int code) {
    return switch (code) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ABORTED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 499 -> "CANCELLED";
      case 500 -> "INTERNAL";
      case 501 -> "UNIMPLEMENTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> code >= 500 ? "UNKNOWN" : "FAILED_PRECONDITION";
    };
  }

  /** @param retryAfterSeconds a {@code RetryInfo} detail's delay, or 0 for no details */
  static Buffer body(int code, String message, int retryAfterSeconds) {
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeNumberField("code", code);
      g.writeStringField("message", message);
      g.writeStringField("status", status(code));
      if (retryAfterSeconds > 0) {
        g.writeArrayFieldStart("details");
        g.writeStartObject();
        g.writeStringField("@type", "type.googleapis.com/google.rpc.RetryInfo");
        g.writeStringField("retryDelay", retryAfterSeconds + "s");
        g.writeEndObject();
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  static void invalidArgument(Exchange exchange, String message) {
    exchange.sendJson(400, body(400, message, 0));
  }

  /** No key at all: what Google answers a caller without identity. */
  static void missingApiKey(Exchange exchange) {
    exchange.sendJson(403, body(403, "Method doesn't allow unregistered callers (callers without established identity)."
        + " Please use API Key or other form of API consumer identity to call this API."
        + " (simulator: any non-empty x-goog-api-key header or key query parameter)", 0));
  }

  /** Credentials other than an API key (an {@code Authorization} header): the simulator accepts only keys. */
  static void unsupportedCredentials(Exchange exchange) {
    exchange.sendJson(401, body(401, "Request had invalid authentication credentials. Expected OAuth 2 access token,"
        + " login cookie or other valid authentication credential. (simulator: send an API key in x-goog-api-key"
        + " or the key query parameter)", 0));
  }

  /** Vertex AI without a valid access token. */
  static void invalidAccessToken(Exchange exchange) {
    exchange.sendJson(401, body(401, "Request had invalid authentication credentials. Expected OAuth 2 access token,"
        + " login cookie or other valid authentication credential. (simulator: a bearer token issued by its POST /token"
        + " and not expired)", 0));
  }

  static void notFound(Exchange exchange) {
    var request = exchange.request();
    exchange.sendJson(404, body(404, "Not found: " + request.method() + " " + request.path(), 0));
  }
}
