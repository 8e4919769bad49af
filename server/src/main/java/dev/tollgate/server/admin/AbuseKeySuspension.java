package dev.tollgate.server.admin;

import dev.tollgate.core.abuse.KeyActions;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * The abuse detectors' {@code suspend} action: disables the key through the same store operation as
 * {@code PATCH /admin/v1/keys/{id}} with {@code enabled=false}, with an audit entry by actor {@code system:abuse}
 * (role {@code system}, the reason in the entry's {@code after.suspended_reason}), then refreshes this node's key
 * snapshot so the key is refused at once (other nodes within a second, through the keys' change counter). Runs on
 * its own thread: the detectors call it from event loops.
 */
public final class AbuseKeySuspension implements KeyActions {

    public static final String ACTOR = "system:abuse";
    private static final Logger log = LoggerFactory.getLogger(AbuseKeySuspension.class);

    private final Storage storage;
    private final KeyDirectory directory;
    private final Clock clock;
    // one thread at most, gone when idle: suspensions are rare and nothing needs closing
    private final ExecutorService worker = new java.util.concurrent.ThreadPoolExecutor(0, 1, 30,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "tollgate-abuse-actions");
                t.setDaemon(true);
                return t;
            });

    public AbuseKeySuspension(Storage storage, KeyDirectory directory, Clock clock) {
        this.storage = storage;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public void suspend(String keyId, String reason) {
        worker.execute(() -> {
            try {
                GatewayKey before = storage.keys().find(keyId).orElse(null);
                if (before == null || before.revokedAt() != null || !before.enabled()) {
                    return; // gone, or already off: nothing to do, nothing to audit
                }
                GatewayKey after = KeySettings.apply(before, new JsonObject().put("enabled", false));
                storage.keys().update(after, new AuditEntry(AuditTrail.nextId(clock.instant()), clock.instant(), ACTOR,
                        "system", "key.suspend", "key", keyId, before.orgId(), before.teamId(),
                        KeysResource.describe(before).encode(),
                        KeysResource.describe(after).put("suspended_reason", reason).encode(), null, null));
                directory.refresh();
                log.warn("gateway key {} ({}) suspended by abuse detection: {}", keyId, before.prefix(), reason);
            } catch (RuntimeException e) {
                log.error("could not suspend gateway key {} after abuse detection: {}", keyId, e.toString());
            }
        });
    }
}
