package dev.tollgate.simulator.core;

import java.util.Locale;

/** A fault injected at random by one of the rate directives ({@code fail_rate}, {@code throttle_rate}, {@code reset_rate}). */
public enum Fault {
  /** A 500 in the request's wire format. */
  FAIL,
  /** A 429 with {@code Retry-After}. */
  THROTTLE,
  /** The connection reset: mid-stream, or before any byte of a non-streamed answer. */
  RESET;

  /** Response header that names the injected fault, so a test can tell it from a real failure. */
  public static final String HEADER = "x-sim-fault";

  private final String label = name().toLowerCase(Locale.ROOT);

  /** {@code fail}, {@code throttle} or {@code reset}: the value of {@link #HEADER} and the key in {@code /_sim/stats}. */
  public String label() {
    return label;
  }
}
