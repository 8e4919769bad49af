package dev.tollgate.simulator.core;

/**
 * An unknown directive name or an unusable value. Wire formats turn it into their own 400 error.
 *
 * <p>It carries no stack trace: parse results, including failures, are cached per model string
 * and the same instance may be thrown for many requests.
 */
public final class DirectiveException extends IllegalArgumentException {

  private final String directive;

  public DirectiveException(String directive, String message) {
    super(message);
    this.directive = directive;
  }

  /** The directive name as written by the caller. */
  public String directive() {
    return directive;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
