package dev.tollgate.simulator;

import dev.tollgate.simulator.core.Fault;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link SimulatorStats}, bumped from every event loop. Adders rather than
 * atomics because every request counts and the event loops would otherwise contend on one line.
 */
final class StatsCounters {

  private final LongAdder requests = new LongAdder();
  private final LongAdder fails = new LongAdder();
  private final LongAdder throttles = new LongAdder();
  private final LongAdder resets = new LongAdder();
  private final LongAdder abandoned = new LongAdder();

  void countRequest() {
    requests.increment();
  }

  void countFault(Fault fault) {
    switch (fault) {
      case FAIL -> fails.increment();
      case THROTTLE -> throttles.increment();
      case RESET -> resets.increment();
    }
  }

  void countAbandoned() {
    abandoned.increment();
  }

  long abandoned() {
    return abandoned.sum();
  }

  SimulatorStats snapshot() {
    return new SimulatorStats(requests.sum(), fails.sum(), throttles.sum(), resets.sum(), abandoned.sum());
  }

  /** Zeroes every counter; a request counted meanwhile may land on either side. */
  void reset() {
    requests.reset();
    fails.reset();
    throttles.reset();
    resets.reset();
    abandoned.reset();
  }
}
