package dev.tollgate.server.admin;

import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.spi.store.IdempotencyStore;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code Idempotency-Key} on admin creates: the first successful answer per (admin identity, key) is kept in the
 * database for 24 hours, so a retry on any node gets that answer instead of creating a second entity. The key is
 * claimed before the create runs, so a second request with it while the first is still running gets a 409
 * instead of creating twice; a claim whose request died with its node lapses after {@link #ABANDONED}.
 *
 * <p>Secrets shown once (gateway keys, admin keys) are never stored: a replay carries the first answer without
 * the {@code key} field and says why in {@code key_not_shown}. That keeps the id, which a client that lost the
 * first answer needs to revoke the orphaned key; a 409 would hide it.
 */
final class IdempotentCreates {

    private static final Logger log = LoggerFactory.getLogger(IdempotentCreates.class);
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration ABANDONED = Duration.ofMinutes(1);
    static final String HEADER = "idempotency-key";
    static final String NOT_SHOWN = "This answer replays the first answer to this Idempotency-Key. The secret was shown "
            + "only in that answer and is not stored; if it was lost, revoke this key and create a new one.";

    private final IdempotencyStore store;
    private final Clock clock;

    IdempotentCreates(Storage storage, Clock clock) {
        this.store = storage.idempotency();
        this.clock = clock;
    }

    /** Replays a recorded answer, refuses a reused or busy key, or runs {@code create} and records its answer. */
    void handle(AdminCall call, String key, Runnable create) {
        if (key.isBlank() || key.length() > 255) {
            call.fail(AdminErrors.invalid("'Idempotency-Key' must be 1 to 255 characters.", null));
            return;
        }
        String actor = call.caller().keyId();
        String hash = requestHash(call);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        call.blocking(() -> store.claim(actor, key, hash, now, now.minus(RETENTION), now.minus(ABANDONED)), found -> {
            if (found.isEmpty()) {
                call.recordReplies((status, body, send) -> settle(call, actor, key, hash, status, body, send));
                create.run();
            } else if (!found.get().requestHash().equals(hash)) {
                call.fail(AdminErrors.idempotencyMismatch());
            } else if (found.get().inProgress()) {
                call.fail(AdminErrors.idempotencyInProgress());
            } else {
                call.request().response().putHeader("idempotent-replayed", "true");
                call.reply(found.get().status(), new JsonObject(found.get().body()));
            }
        });
    }

    /** Records a successful answer in the claim, or gives the claim up after an error so a retry runs again. */
    private void settle(AdminCall call, String actor, String key, String hash, int status, JsonObject body,
                        Runnable send) {
        boolean success = status >= 200 && status < 300 && body != null;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        call.blocking(() -> {
            if (success) {
                JsonObject kept = body.copy();
                if (kept.remove("key") != null) {
                    kept.put("key_not_shown", NOT_SHOWN);
                }
                store.complete(actor, key, new IdempotencyStore.Recorded(hash, status, kept.encode(), now));
            } else {
                store.release(actor, key);
            }
            return null;
        }, ignored -> send.run(), failed -> {
            // the answer must reach its caller even if a retry could not be recognised
            log.warn("could not settle the Idempotency-Key of {} {}: {}", call.request().method(),
                    call.request().path(), failed.toString());
            send.run();
        });
    }

    /** Method, path and body: the same key on another endpoint or with another body is a mistake, not a retry. */
    private static String requestHash(AdminCall call) {
        return GatewayKeys.hash(call.request().method().name() + " " + call.request().path() + "\n"
                + call.body().toString(StandardCharsets.UTF_8));
    }
}
