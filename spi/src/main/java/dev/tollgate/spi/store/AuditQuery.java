package dev.tollgate.spi.store;

import java.time.Instant;

/**
 * Filters for reading the audit log; every field may be null (no filter). Results are newest first.
 *
 * @param from     inclusive
 * @param to       exclusive
 * @param beforeId the cursor: only entries older than this id
 */
public record AuditQuery(Instant from, Instant to, String actorId, String action, String targetType,
                         String targetId, String orgId, String teamId, String beforeId, int limit) {
}
