package dev.tollgate.simulator.core;

/**
 * A request the real API would reject with 400. Each wire format renders it in its own error shape;
 * {@link #field()} names the offending field (OpenAI's {@code param}) or is {@code null}.
 *
 * <p>Thrown for every bad request of a benchmark that sends bad requests, so it has no stack trace.
 */
public final class InvalidRequest extends RuntimeException {

  private final String field;

  public InvalidRequest(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
