package dev.tollgate.simulator.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The random numbers behind the fault rates: {@link ThreadLocalRandom} unless the request's behaviour
 * has a {@code seed}, in which case each seed value has its own reproducible sequence, shared by all
 * requests that carry it and by every event loop.
 *
 * <p>The n-th number of a seed is computed from (seed, n) alone, so concurrent requests each claim an
 * index without locking, and the same number of requests always draws the same numbers whatever their
 * interleaving. The numbers are those of {@code new SplittableRandom(seed).nextDouble()}.
 *
 * <p>{@link #restart()} starts every sequence over; the simulator calls it when its defaults change
 * and on reset, so a test that sets a seed gets the same run each time. The number of sequences is
 * bounded crudely, like the model-directive cache: when full, all restart.
 */
public final class FaultRandom {

  static final int MAX_SEEDS = 1024;

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private final ConcurrentHashMap<Long, AtomicLong> nextIndex = new ConcurrentHashMap<>();

  /**
   * @param seed {@code null} for an unpredictable number
   * @return uniform in {@code [0, 1)}
   */
  public double next(Long seed) {
    if (seed == null) {
      return ThreadLocalRandom.current().nextDouble();
    }
    if (nextIndex.size() >= MAX_SEEDS && !nextIndex.containsKey(seed)) {
      nextIndex.clear();
    }
    long index = nextIndex.computeIfAbsent(seed, s -> new AtomicLong()).getAndIncrement();
    return (mix64(seed + (index + 1) * GOLDEN_GAMMA) >>> 11) * DOUBLE_UNIT;
  }

  /** Starts every seed's sequence over. */
  public void restart() {
    nextIndex.clear();
  }

  /** SplittableRandom's output function (Stafford's variant 13 of the MurmurHash3 finalizer). */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
