package dev.tollgate.simulator.bedrock;

import dev.tollgate.simulator.core.ErrorFormat;
import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.Json;
import io.vertx.core.buffer.Buffer;

/**
 * Bedrock's errors: the body is {@code {"message":"…"}} and the error's type travels in the
 * {@code x-amzn-ErrorType} header ({@code ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/}),
 * by status: 400 {@code ValidationException}, 401 {@code UnrecognizedClientException}, 403
 * {@code AccessDeniedException}, 404 {@code ResourceNotFoundException}, 408
 * {@code ModelTimeoutException}, 409 {@code ConflictException}, 424 {@code ModelErrorException}, 429
 * {@code ThrottlingException}, 500 {@code InternalServerException}, 503
 * {@code ServiceUnavailableException}; any other 4xx is a {@code ValidationException} and any other
 * 5xx an {@code InternalServerException}.
 *
 * <p>An {@link ErrorFormat} renders only a body, so the one for a request ({@link #of}) also puts the
 * header on that request's response when it renders (just before the error is sent).
 */
final class BedrockErrors implements ErrorFormat {

  static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
  private static final String TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  private final Exchange exchange;

  private BedrockErrors(Exchange exchange) {
    this.exchange = exchange;
  }

  /** The error format of one request. */
  static BedrockErrors of(Exchange exchange) {
    return new BedrockErrors(exchange);
  }

  @Override
  public String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "Malformed input request, please reformat your input and try again (simulated).";
      case 401 -> "The security token included in the request is invalid (simulated).";
      case 403 -> "You don't have access to the model with the specified model ID (simulated).";
      case 404 -> "The provided model identifier is invalid (simulated).";
      case 408 -> "Model has timed out in processing the request (simulated).";
      case 424 -> "Received error from the model (simulated).";
      case 429 -> "Too many requests, please wait before trying again (simulated).";
      case 500 -> "The server encountered an internal error while processing the request (simulated).";
      case 503 -> "Bedrock is unable to process your request (simulated).";
      default -> "Simulated error (HTTP " + status + ").";
    };
  }

  @Override
  public Buffer render(int status, String message) {
    exchange.response().putHeader(ERROR_TYPE_HEADER, type(status) + TYPE_SUFFIX);
    return body(message);
  }

  static String type(int status) {
    return switch (status) {
      case 401 -> "UnrecognizedClientException";
      case 403 -> "AccessDeniedException";
      case 404 -> "ResourceNotFoundException";
      case 408 -> "ModelTimeoutException";
      case 409 -> "ConflictException";
      case 424 -> "ModelErrorException";
      case 429 -> "ThrottlingException";
      case 503 -> "ServiceUnavailableException";
      default -> status >= 500 ? "InternalServerException" : "ValidationException";
    };
  }

  static Buffer body(String message) {
    return Json.buffer(g -> {
      g.writeStartObject();
      g.writeStringField("message", message);
      g.writeEndObject();
    });
  }

  /** Sends an error of the given type (which need not be the status's usual one). */
  static void send(Exchange exchange, int status, String type, String message) {
    exchange.response().putHeader(ERROR_TYPE_HEADER, type + TYPE_SUFFIX);
    exchange.sendJson(status, body(message));
  }

  static void validation(Exchange exchange, String message) {
    send(exchange, 400, "ValidationException", message);
  }

  static void notFound(Exchange exchange) {
    var request = exchange.request();
    send(exchange, 404, "UnknownOperationException", "Unknown operation: " + request.method() + " " + request.path());
  }
}
