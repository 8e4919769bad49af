package dev.tollgate.server;

import dev.tollgate.spi.store.UsageMaintenance;
import dev.tollgate.spi.store.UsageRetention;
import dev.tollgate.spi.store.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs {@link UsageStore#maintain} (partitions ahead, retention) on its own thread, {@code tollgate-usage-maintenance}:
 * once at start, then hourly. Never on an event loop, and not on the key-refresh thread either, since dropping a
 * partition may wait for a lock. Every node runs it; the store makes concurrent runs safe. Retention is read from the
 * live configuration at each run, so a changed {@code usage.retention_days} applies from the next run. A failed run
 * is logged and retried at the next.
 */
final class UsageMaintenanceJob implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageMaintenanceJob.class);
    static final long PERIOD_MS = TimeUnit.HOURS.toMillis(1);

    private final UsageStore usage;
    private final Supplier<UsageRetention> retention;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tollgate-usage-maintenance");
        t.setDaemon(true);
        return t;
    });

    UsageMaintenanceJob(UsageStore usage, Supplier<UsageRetention> retention, Clock clock) {
        this.usage = usage;
        this.retention = retention;
        this.clock = clock;
    }

    UsageMaintenanceJob start() {
        thread.scheduleWithFixedDelay(this::runOnce, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    void runOnce() {
        try {
            UsageRetention r = retention.get();
            UsageMaintenance done = usage.maintain(clock.instant(), r);
            if (!done.partitionsDropped().isEmpty() || done.eventsDeleted() > 0 || done.rollupsDeleted() > 0) {
                log.info("usage retention: {} partitions dropped, {} events and {} rollup rows deleted "
                        + "(usage.retention_days {}, usage.rollup_retention_days {})", done.partitionsDropped().size(),
                        done.eventsDeleted(), done.rollupsDeleted(), r.eventDays(), r.rollupDays());
            }
        } catch (RuntimeException e) {
            log.warn("usage maintenance failed, retrying in an hour: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
