package dev.tollgate.core.limits;

/**
 * Counts per bucket over the last {@code n} buckets of a window; a bucket leaves the window whole. So what is
 * counted at time t is everything since the start of bucket {@code t / bucket - n + 1}: at least the last
 * {@code period - bucket}, at most the last {@code period}. Not thread-safe ({@link InProcessLimitState} locks).
 * {@code limits.lua} is the same algorithm over a Redis hash (field = bucket index).
 */
final class SlidingWindow {

    private final long bucketMs;
    private final int n;
    private final long[] index;
    private final long[] count;

    SlidingWindow(long bucketMs, int n) {
        this.bucketMs = bucketMs;
        this.n = n;
        this.index = new long[n];
        this.count = new long[n];
        java.util.Arrays.fill(index, Long.MIN_VALUE);
    }

    private boolean live(long idx, long current) {
        return idx > current - n && idx <= current;
    }

    long sum(long nowMs) {
        long current = nowMs / bucketMs;
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (live(index[i], current)) {
                total += count[i];
            }
        }
        return total;
    }

    /** How long until {@code need} units have left the window, oldest bucket first. */
    long msUntilFreed(long nowMs, long need) {
        long current = nowMs / bucketMs;
        long freed = 0;
        for (long idx = current - n + 1; idx <= current; idx++) {
            int slot = slot(idx);
            if (index[slot] == idx) {
                freed += count[slot];
                if (freed >= need) {
                    return (idx + n) * bucketMs - nowMs;
                }
            }
        }
        return n * bucketMs;
    }

    /** How long until the oldest counted bucket leaves the window; 0 when nothing is counted. */
    long resetMs(long nowMs) {
        long current = nowMs / bucketMs;
        for (long idx = current - n + 1; idx <= current; idx++) {
            int slot = slot(idx);
            if (index[slot] == idx && count[slot] > 0) {
                return (idx + n) * bucketMs - nowMs;
            }
        }
        return 0;
    }

    void add(long atMs, long amount) {
        long current = atMs / bucketMs;
        int slot = slot(current);
        if (index[slot] != current) {
            index[slot] = current;
            count[slot] = 0;
        }
        count[slot] += amount;
    }

    /** Corrects the bucket of {@code atMs} by {@code delta} if it is still in the window at {@code nowMs}. */
    void correct(long atMs, long nowMs, long delta) {
        long idx = atMs / bucketMs;
        int slot = slot(idx);
        if (index[slot] == idx && live(idx, nowMs / bucketMs)) {
            count[slot] = Math.max(0, count[slot] + delta);
        }
    }

    boolean idle(long nowMs) {
        return sum(nowMs) == 0;
    }

    private int slot(long idx) {
        return (int) Math.floorMod(idx, (long) n);
    }
}
