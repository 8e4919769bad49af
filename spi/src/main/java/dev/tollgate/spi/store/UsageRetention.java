package dev.tollgate.spi.store;

/**
 * How long usage is kept ({@code usage.retention_days}, {@code usage.rollup_retention_days}); 0 keeps forever.
 * Raw events go after {@code eventDays}; the hourly rollups, which bills and reports read, after
 * {@code rollupDays}.
 */
public record UsageRetention(int eventDays, int rollupDays) {

    public static final UsageRetention FOREVER = new UsageRetention(0, 0);

    public UsageRetention {
        if (eventDays < 0 || rollupDays < 0) {
            throw new IllegalArgumentException("retention days must not be negative");
        }
    }
}
