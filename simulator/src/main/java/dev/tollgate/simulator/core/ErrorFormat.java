package dev.tollgate.simulator.core;

import io.vertx.core.buffer.Buffer;

/** How a wire format renders an HTTP error forced by the {@code status} directive. */
public interface ErrorFormat {

  /** The stock message for a status, used when no {@code error_message} was given. */
  String defaultMessage(int status);

  /** The JSON error body for a status and message. */
  Buffer render(int status, String message);

  /**
   * The JSON error body when the provider also tells the client when to retry (a forced 429, 503 or
   * 529 with {@code retry_after > 0}; the {@code Retry-After} header is sent regardless). Formats
   * that carry the delay in the body too (Gemini's {@code RetryInfo}) override this.
   */
  default Buffer render(int status, String message, int retryAfterSeconds) {
    return render(status, message);
  }
}
