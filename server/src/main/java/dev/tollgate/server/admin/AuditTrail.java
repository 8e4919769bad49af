package dev.tollgate.server.admin;

import dev.tollgate.spi.store.AuditEntry;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Builds the audit entry an admin change hands to its store operation. The before/after documents are the
 * same JSON the API shows, which never holds a key's plaintext or hash, so nothing secret can reach the log.
 */
final class AuditTrail {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    AuditTrail(Clock clock) {
        this.clock = clock;
    }

    AuditEntry entry(AdminCall call, String action, String targetType, String targetId, String orgId,
                     String teamId, JsonObject before, JsonObject after) {
        Instant now = clock.instant();
        return new AuditEntry(nextId(now), now, call.caller().keyId(), call.caller().role().wireName(), action,
                targetType, targetId, orgId, teamId, text(before), text(after), call.requestId(), call.clientIp());
    }

    /** {@code aud_} + zero-padded epoch millis + random: ids sort by time, which is the audit paging order. */
    static String nextId(Instant now) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return "aud_%015d_%s".formatted(now.toEpochMilli(), HexFormat.of().formatHex(random));
    }

    private static String text(JsonObject json) {
        return json == null ? null : json.encode();
    }
}
