package dev.tollgate.server;

import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.spi.store.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's key snapshot in step with the database: polls the keys' change counter (one row) and
 * rebuilds the snapshot when it moved, so a key created, changed or revoked on any node takes effect here
 * within a poll period; and rebuilds anyway every {@code fullRefreshMs}. A failing database keeps the current
 * snapshot. Runs on one background thread.
 */
final class KeyChangePoller {

    private static final Logger log = LoggerFactory.getLogger(KeyChangePoller.class);

    private final KeyStore store;
    private final KeyDirectory keys;
    private final long fullRefreshNanos;
    private long seenVersion = Long.MIN_VALUE;
    private long lastRefreshNanos = System.nanoTime();

    KeyChangePoller(KeyStore store, KeyDirectory keys, long fullRefreshMs) {
        this.store = store;
        this.keys = keys;
        this.fullRefreshNanos = fullRefreshMs * 1_000_000L;
    }

    /** The first snapshot, taken after reading the counter, so that a change in between is seen by the next poll. */
    void loadFirst() {
        seenVersion = store.version();
        keys.refresh();
        lastRefreshNanos = System.nanoTime();
    }

    void poll() {
        try {
            long version = store.version();
            boolean changed = seenVersion != Long.MIN_VALUE && version != seenVersion;
            if (changed || System.nanoTime() - lastRefreshNanos > fullRefreshNanos) {
                keys.refresh();
                lastRefreshNanos = System.nanoTime();
            }
            seenVersion = version;
        } catch (RuntimeException e) {
            log.warn("key snapshot refresh failed, keeping the previous one: {}", e.getMessage());
        }
    }
}
