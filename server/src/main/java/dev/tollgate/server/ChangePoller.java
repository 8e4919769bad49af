package dev.tollgate.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/**
 * Keeps one of this node's snapshots (keys, ledger definitions) in step with the database: polls a change
 * counter (one row) and rebuilds the snapshot when it moved, so a change made on any node takes effect here
 * within a poll period; and rebuilds anyway every {@code fullRefreshMs}, in case a change ever slipped past
 * the counter (e.g. a row edited by hand). A failing database keeps the current snapshot. Runs on one
 * background thread.
 */
final class ChangePoller {

    private static final Logger log = LoggerFactory.getLogger(ChangePoller.class);

    private final String what;
    private final LongSupplier version;
    private final Runnable refresh;
    private final long fullRefreshNanos;
    private long seenVersion = Long.MIN_VALUE;
    private long lastRefreshNanos = System.nanoTime();

    /**
     * @param what    names the snapshot in logs ("key", "ledger")
     * @param version reads the change counter
     * @param refresh rebuilds the snapshot from the database
     */
    ChangePoller(String what, LongSupplier version, Runnable refresh, long fullRefreshMs) {
        this.what = what;
        this.version = version;
        this.refresh = refresh;
        this.fullRefreshNanos = fullRefreshMs * 1_000_000L;
    }

    /** The first snapshot, taken after reading the counter, so that a change in between is seen by the next poll. */
    void loadFirst() {
        seenVersion = version.getAsLong();
        refresh.run();
        lastRefreshNanos = System.nanoTime();
    }

    void poll() {
        try {
            long current = version.getAsLong();
            boolean changed = seenVersion != Long.MIN_VALUE && current != seenVersion;
            if (changed || System.nanoTime() - lastRefreshNanos > fullRefreshNanos) {
                refresh.run();
                lastRefreshNanos = System.nanoTime();
            }
            seenVersion = current;
        } catch (RuntimeException e) {
            log.warn("{} snapshot refresh failed, keeping the previous one: {}", what, e.getMessage());
        }
    }
}
