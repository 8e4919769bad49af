package dev.tollgate.simulator;

/**
 * What a simulator has seen since it started or was last reset ({@code POST /_sim/reset}), as
 * {@link Simulator#stats()} and {@code GET /_sim/stats} report it.
 *
 * @param requests  provider requests received (control endpoints excluded), answered or not
 * @param fails     500s drawn by {@code fail_rate} and sent
 * @param throttles 429s drawn by {@code throttle_rate} and sent
 * @param resets    connections reset as drawn by {@code reset_rate}
 * @param abandoned answers the client abandoned before they were complete
 */
public record SimulatorStats(long requests, long fails, long throttles, long resets, long abandoned) {

  /** Faults drawn by the rates and delivered, of every kind. */
  public long faults() {
    return fails + throttles + resets;
  }
}
