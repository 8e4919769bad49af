package dev.tollgate.simulator.openai;

/** A request the real API would reject with 400; {@code param} names the offending field. */
final class BadRequest extends RuntimeException {

  private final String param;

  BadRequest(String param, String message) {
    super(message, null, false, false);
    this.param = param;
  }

  String param() {
    return param;
  }
}
