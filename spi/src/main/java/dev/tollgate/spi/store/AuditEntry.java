package dev.tollgate.spi.store;

import java.time.Instant;

/**
 * One admin change, as the audit log keeps it for good.
 *
 * @param id         sorts by time: newer entries have greater ids
 * @param action     e.g. {@code key.create}, {@code team.update}, {@code admin_key.revoke}
 * @param orgId      the organisation the target belongs to, for scoped reads; null for platform-wide targets
 * @param before     the target as JSON before the change (null for a create), secrets already masked
 * @param after      the target as JSON after the change (null for a delete), secrets already masked
 */
public record AuditEntry(String id, Instant at, String actorId, String actorRole, String action,
                         String targetType, String targetId, String orgId, String teamId, String before,
                         String after, String requestId, String clientIp) {
}
