package dev.tollgate.bench.report;

import java.util.Locale;

/** Number formatting for the report: fixed decimals, signs on differences, a dash for "not measured". */
public final class Format {

    public static final String NONE = "–";

    private Format() {
    }

    public static String ms(double v) {
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%.3f", v);
    }

    /** A difference in milliseconds, always signed. */
    public static String deltaMs(double v) {
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%+.3f", v);
    }

    public static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? NONE : String.format(Locale.ROOT, "%.2f×", v);
    }

    public static String count(double v) {
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%,.0f", v);
    }

    public static String decimal(double v, int places) {
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%." + places + "f", v);
    }

    public static String percent(double v) {
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%.1f %%", v);
    }

    public static String mib(double bytes) {
        return Double.isNaN(bytes) ? NONE : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** "500 ms", "5 s", "1.5 s". */
    public static String duration(java.time.Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    public static String kib(double bytes) {
        return Double.isNaN(bytes) ? NONE : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
