package dev.tollgate.server.admin;

import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code POST /admin/v1/keys/{id}/rotate}: issues a successor with the same owner and settings and lets the old
 * key live on for an overlap window, so clients can switch over without a moment in which neither key works.
 */
final class KeyRotation {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);
    static final long DEFAULT_OVERLAP_SECONDS = 3600;
    /** Long enough for a weekly deploy cycle; longer overlaps are a second key, not a rotation. */
    static final long MAX_OVERLAP_SECONDS = Duration.ofDays(7).toSeconds();

    private final Storage storage;
    private final KeyDirectory directory;
    private final Clock clock;
    private final AuditTrail audit;
    private final BiFunction<AdminCall, String, GatewayKey> find;

    KeyRotation(Storage storage, KeyDirectory directory, Clock clock, AuditTrail audit,
                BiFunction<AdminCall, String, GatewayKey> find) {
        this.storage = storage;
        this.directory = directory;
        this.clock = clock;
        this.audit = audit;
        this.find = find;
    }

    void rotate(AdminCall call, String id, JsonObject in) {
        String plaintext = GatewayKeys.generate();
        call.blocking(() -> {
            long overlap = overlapSeconds(in);
            GatewayKey old = find.apply(call, id);
            Scope.requireWrite(call.caller(), old.orgId(), old.teamId(), old.userId());
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (old.revokedAt() != null || old.expiresAt() != null && !now.isBefore(old.expiresAt())) {
                throw new AdminFailure(AdminErrors.conflict("Only a key that is neither revoked nor expired can be rotated."));
            }
            Instant oldExpires = now.plusSeconds(overlap);
            if (old.expiresAt() != null && old.expiresAt().isBefore(oldExpires)) {
                oldExpires = old.expiresAt();
            }
            GatewayKey oldAfter = new GatewayKey(old.id(), old.name(), old.hash(), old.prefix(), old.allowedModels(),
                    old.orgId(), old.teamId(), old.userId(), old.metadata(), old.createdAt(), oldExpires, null,
                    old.enabled(), old.allowedIps(), old.routingTags(), false, null, ownPolicy(old));
            GatewayKey successor = new GatewayKey(Ids.next("key"), old.name(), GatewayKeys.hash(plaintext),
                    GatewayKeys.displayPrefix(plaintext), old.allowedModels(), old.orgId(), old.teamId(), old.userId(),
                    old.metadata(), now, old.expiresAt(), null, old.enabled(), old.allowedIps(), old.routingTags(),
                    false, null, ownPolicy(old)); // the successor keeps the key's rate-limit policy
            boolean rotated = storage.keys().rotate(id, oldExpires, successor, List.of(
                    audit.entry(call, "key.rotate", "key", id, old.orgId(), old.teamId(),
                            KeysResource.describe(old), KeysResource.describe(oldAfter).put("successor_id", successor.id())),
                    audit.entry(call, "key.create", "key", successor.id(), old.orgId(), old.teamId(), null,
                            KeysResource.describe(successor).put("rotated_from", id))));
            if (!rotated) {
                throw new AdminFailure(AdminErrors.conflict("The key was revoked while it was being rotated."));
            }
            directory.refresh();
            return new Rotated(oldAfter, successor);
        }, r -> {
            log.info("gateway key {} rotated to {} ({}); the old key expires at {}", id, r.successor().id(),
                    r.successor().prefix(), r.old().expiresAt());
            call.reply(201, KeysResource.describe(r.successor()).put("key", plaintext)
                    .put("previous_key", KeysResource.describe(r.old())));
        });
    }

    private record Rotated(GatewayKey old, GatewayKey successor) {
    }

    private static long overlapSeconds(JsonObject in) {
        Object value = in.getValue("overlap_seconds");
        if (value == null) {
            return DEFAULT_OVERLAP_SECONDS;
        }
        if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0
                || n.longValue() > MAX_OVERLAP_SECONDS) {
            throw new AdminFailure(AdminErrors.invalid("'overlap_seconds' must be a whole number from 0 to "
                    + MAX_OVERLAP_SECONDS + " (7 days).", "overlap_seconds"));
        }
        return n.longValue();
    }

    /** The key's own rate-limit policy (what is stored on it). */
    private static dev.tollgate.spi.store.RatePolicies ownPolicy(GatewayKey k) {
        return new dev.tollgate.spi.store.RatePolicies(k.ratePolicies().key(), null, null, null);
    }
}
