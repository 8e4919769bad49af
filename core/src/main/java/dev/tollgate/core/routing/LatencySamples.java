package dev.tollgate.core.routing;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last {@value #SIZE} latency samples of a deployment, for a percentile of its recent behaviour (the
 * hedge delay). Thread-safe; a sample overwritten while a percentile is read only shifts the estimate.
 */
final class LatencySamples {

    private static final int SIZE = 64;
    /** Fewer samples than this give no percentile: too little to call anything slow. */
    private static final int MIN_SAMPLES = 10;

    private final AtomicLongArray samples = new AtomicLongArray(SIZE);
    private final AtomicInteger count = new AtomicInteger();

    void add(long nanos) {
        int n = count.getAndIncrement();
        samples.set(Math.floorMod(n, SIZE), nanos);
    }

    /** @return the percentile (0..1) of the recent samples, or 0 when there are too few */
    long percentile(double p) {
        int n = Math.min(count.get(), SIZE);
        if (n < MIN_SAMPLES) {
            return 0;
        }
        long[] copy = new long[n];
        for (int i = 0; i < n; i++) {
            copy[i] = samples.get(i);
        }
        Arrays.sort(copy);
        return copy[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
    }
}
