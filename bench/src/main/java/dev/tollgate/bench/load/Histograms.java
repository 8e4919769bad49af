package dev.tollgate.bench.load;

import org.HdrHistogram.Histogram;

/** Histogram conventions of the harness: values in microseconds, up to ten minutes, three digits. */
public final class Histograms {

    private static final long HIGHEST_MICROS = 600_000_000L;

    private Histograms() {
    }

    public static Histogram micros() {
        return new Histogram(1, HIGHEST_MICROS, 3);
    }

    /** Records a nanosecond interval, clamped into range (a negative one means a clock quirk: 0). */
    public static void recordNanos(Histogram h, long nanos) {
        long micros = Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1_000));
        h.recordValue(micros);
    }

    /** The percentile in milliseconds, or NaN for an empty histogram. */
    public static double percentileMs(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
