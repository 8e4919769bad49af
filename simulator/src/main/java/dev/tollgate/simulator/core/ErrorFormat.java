package dev.tollgate.simulator.core;

import io.vertx.core.buffer.Buffer;

/** How a wire format renders an HTTP error forced by the {@code status} directive. */
public interface ErrorFormat {

  /** The stock message for a status, used when no {@code error_message} was given. */
  String defaultMessage(int status);

  /** The JSON error body for a status and message. */
  Buffer render(int status, String message);
}
