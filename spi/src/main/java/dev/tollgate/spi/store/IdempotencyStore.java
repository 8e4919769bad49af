package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Optional;

/**
 * First answers of admin creates, by (admin identity, {@code Idempotency-Key}), so a retried create returns
 * the first answer on any node instead of creating twice. Blocking.
 */
public interface IdempotencyStore {

    /**
     * @param requestHash a hash of the request (method, path, body) to tell a replay from a reuse of the key
     * @param status      the HTTP status of the first answer
     * @param body        the first answer's body, with any shown-once secret already removed
     */
    record Recorded(String requestHash, int status, String body, Instant at) {
    }

    /** The answer recorded at or after {@code notBefore}, if any. */
    Optional<Recorded> find(String actorId, String idempotencyKey, Instant notBefore);

    /**
     * Records an answer unless one recorded at or after {@code notBefore} exists for this actor and key (the
     * first wins); an older one is replaced, since it no longer counts.
     */
    void record(String actorId, String idempotencyKey, Recorded answer, Instant notBefore);
}
