package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;

/**
 * Turns a request's fault rates and its one random number into a concrete outcome, so that the rest
 * of the simulator only ever sees the deterministic directives it already knows ({@code status},
 * {@code retry_after}, {@code reset_after}).
 *
 * <p>The rates share one number: {@code [0, fail_rate)} fails, the next {@code throttle_rate}
 * throttles, the next {@code reset_rate} resets. Each rate is therefore exact while they sum to at
 * most 1; beyond that the later ones get what is left. A reset's chunk count comes from the same
 * number's position inside its band, which is uniform too, so a request consumes exactly one number
 * and a seeded sequence stays aligned with the requests.
 *
 * @param behaviour the request's behaviour with the drawn fault applied
 * @param fault     the drawn fault, or {@code null} when the request is answered as its directives say
 */
public record FaultDraw(Behaviour behaviour, Fault fault) {

  static final int DEFAULT_THROTTLE_RETRY_AFTER = 1;

  /**
   * A drawn fault replaces {@code status} and {@code reset_after}, so that the fault drawn is the one
   * the client gets.
   *
   * @param roll uniform in {@code [0, 1)}
   */
  public static FaultDraw of(Behaviour rates, double roll) {
    double failEnd = rates.failRate();
    double throttleEnd = failEnd + rates.throttleRate();
    double resetEnd = throttleEnd + rates.resetRate();
    if (roll < failEnd) {
      return new FaultDraw(rates.withStatus(500), Fault.FAIL);
    }
    if (roll < throttleEnd) {
      int retryAfter = rates.retryAfter() > 0 ? rates.retryAfter() : DEFAULT_THROTTLE_RETRY_AFTER;
      return new FaultDraw(rates.withStatus(429).withRetryAfter(retryAfter), Fault.THROTTLE);
    }
    if (roll < resetEnd) {
      double withinBand = (roll - throttleEnd) / (Math.min(resetEnd, 1) - throttleEnd);
      return new FaultDraw(rates.withStatus(0).withResetAfter(resetPoint(rates.chunks(), withinBand)), Fault.RESET);
    }
    return new FaultDraw(rates, null);
  }

  /**
   * 1 to {@code chunks - 1}: at least one chunk arrives and the stream never completes, which is
   * what makes a reset mid-stream rather than a refused or a finished request. Two chunks or fewer
   * leave only 1 (the stream pacer caps it at the chunk count).
   */
  static int resetPoint(int chunks, double withinBand) {
    int choices = Math.max(1, chunks - 1);
    return 1 + Math.min(choices - 1, (int) (withinBand * choices));
  }
}
