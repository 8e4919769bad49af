package dev.tollgate.core.routing;

import dev.tollgate.spi.Ticker;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Events in the last 60 seconds, in one-second buckets. Thread-safe; like the breaker's window it may lose a
 * count when two threads roll a bucket over at once, which a routing cap tolerates.
 */
final class MinuteCounter {

    private static final int SECONDS = 60;
    private static final long SECOND = 1_000_000_000L;

    private final Ticker ticker;
    private final AtomicLongArray stamp = new AtomicLongArray(SECONDS);
    private final AtomicLongArray counts = new AtomicLongArray(SECONDS);

    MinuteCounter(Ticker ticker) {
        this.ticker = ticker;
        for (int i = 0; i < SECONDS; i++) {
            stamp.set(i, Long.MIN_VALUE);
        }
    }

    void add() {
        add(1);
    }

    void add(long n) {
        long second = ticker.nanos() / SECOND;
        int i = (int) Math.floorMod(second, SECONDS);
        long seen = stamp.get(i);
        if (seen != second && stamp.compareAndSet(i, seen, second)) {
            counts.set(i, 0);
        }
        counts.addAndGet(i, n);
    }

    long total() {
        long second = ticker.nanos() / SECOND;
        long total = 0;
        for (int i = 0; i < SECONDS; i++) {
            long s = stamp.get(i);
            if (s != Long.MIN_VALUE && second - s < SECONDS) {
                total += counts.get(i);
            }
        }
        return total;
    }

    /**
     * Nanoseconds until the oldest second still counted leaves the window (the total then drops), or
     * {@code Long.MAX_VALUE} when nothing is counted.
     */
    long nanosUntilDecrease() {
        long now = ticker.nanos();
        long second = now / SECOND;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < SECONDS; i++) {
            long s = stamp.get(i);
            if (s != Long.MIN_VALUE && second - s < SECONDS && counts.get(i) > 0) {
                oldest = Math.min(oldest, s);
            }
        }
        return oldest == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (oldest + SECONDS) * SECOND - now);
    }

    int count() {
        return (int) Math.min(Integer.MAX_VALUE, total());
    }
}
