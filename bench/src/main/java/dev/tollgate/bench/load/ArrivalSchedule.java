package dev.tollgate.bench.load;

import java.time.Duration;

/**
 * Fixed-rate arrivals: request {@code i} is due at {@code start + i / rate}. The first {@code warmup} of the
 * schedule is sent but not recorded. Times are {@link System#nanoTime()} values. Immutable.
 */
public record ArrivalSchedule(long startNanos, double ratePerSecond, long warmupNanos, long durationNanos) {

    public static ArrivalSchedule startingSoon(double ratePerSecond, Duration warmup, Duration duration) {
        // a short lead so the pacer thread and the lanes are running when the first request is due
        return new ArrivalSchedule(System.nanoTime() + 20_000_000L, ratePerSecond, warmup.toNanos(), duration.toNanos());
    }

    public long count() {
        return (long) Math.floor(ratePerSecond * (warmupNanos + durationNanos) / 1e9);
    }

    public long intendedNanos(long index) {
        return startNanos + (long) (index * 1e9 / ratePerSecond);
    }

    public long recordFromNanos() {
        return startNanos + warmupNanos;
    }

    public long endNanos() {
        return startNanos + warmupNanos + durationNanos;
    }

    public boolean recorded(long intendedNanos) {
        return intendedNanos >= recordFromNanos();
    }
}
