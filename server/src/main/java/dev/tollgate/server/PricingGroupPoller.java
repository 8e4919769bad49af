package dev.tollgate.server;

import dev.tollgate.core.ledger.PricingGroups;
import dev.tollgate.spi.store.PricingGroupStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's pricing groups in step with the database: polls the {@code ledger} change counter and reloads
 * the groups when it moved (a group changed on any node applies here within a poll period), and anyway every
 * {@code fullRefreshMs}. A failing database keeps the current groups. Runs on the key-refresh thread.
 *
 * <p>Which group a caller is in travels with its key (the owner's settings are read with the key snapshot, whose
 * own poller follows the {@code keys} counter that a user's billing change also moves).
 */
final class PricingGroupPoller {

    private static final Logger log = LoggerFactory.getLogger(PricingGroupPoller.class);

    private final PricingGroupStore store;
    private final PricingGroups groups;
    private final long fullRefreshNanos;
    private long seenVersion = Long.MIN_VALUE;
    private long lastRefreshNanos = System.nanoTime();

    PricingGroupPoller(PricingGroupStore store, PricingGroups groups, long fullRefreshMs) {
        this.store = store;
        this.groups = groups;
        this.fullRefreshNanos = fullRefreshMs * 1_000_000L;
    }

    /** The first load, after reading the counter, so that a change in between is seen by the next poll. */
    void loadFirst() {
        seenVersion = store.ledgerVersion();
        groups.refresh(store);
        lastRefreshNanos = System.nanoTime();
    }

    void poll() {
        try {
            long version = store.ledgerVersion();
            boolean changed = seenVersion != Long.MIN_VALUE && version != seenVersion;
            if (changed || System.nanoTime() - lastRefreshNanos > fullRefreshNanos) {
                groups.refresh(store);
                lastRefreshNanos = System.nanoTime();
            }
            seenVersion = version;
        } catch (RuntimeException e) {
            log.warn("pricing group refresh failed, keeping the previous ones: {}", e.getMessage());
        }
    }
}
