package dev.tollgate.spi.store;

import java.util.List;

/**
 * What one run of the usage maintenance did.
 *
 * @param partitionsCreated partitions of {@code usage_events} created ahead (PostgreSQL)
 * @param partitionsDropped whole partitions dropped by retention (PostgreSQL)
 * @param eventsDeleted     raw events deleted row by row (SQLite; PostgreSQL's default partition)
 * @param rollupsDeleted    rollup rows deleted by {@code usage.rollup_retention_days}
 * @param skipped           true when another node held the maintenance lock, so this run did nothing
 */
public record UsageMaintenance(List<String> partitionsCreated, List<String> partitionsDropped, long eventsDeleted,
                               long rollupsDeleted, boolean skipped) {

    public UsageMaintenance {
        partitionsCreated = List.copyOf(partitionsCreated);
        partitionsDropped = List.copyOf(partitionsDropped);
    }
}
