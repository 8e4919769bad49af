package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Optional;

/**
 * First answers of admin creates, by (admin identity, {@code Idempotency-Key}), so a retried create returns
 * the first answer on any node instead of creating twice. A create first {@link #claim claims} its key, so two
 * requests with the same key at the same moment cannot both run. Blocking.
 */
public interface IdempotencyStore {

    /**
     * @param requestHash a hash of the request (method, path, body) to tell a replay from a reuse of the key
     * @param status      the HTTP status of the first answer; {@link #IN_PROGRESS} while the first request runs
     * @param body        the first answer's body, with any shown-once secret already removed
     */
    record Recorded(String requestHash, int status, String body, Instant at) {

        public boolean inProgress() {
            return status == IN_PROGRESS;
        }
    }

    /** The status of a claim whose request has not answered yet. */
    int IN_PROGRESS = 0;

    /**
     * Claims the key for a request about to run. Returns empty when this caller now holds the claim, or else
     * what the key already holds: a recorded answer, or an {@linkplain Recorded#inProgress() unfinished} claim.
     * Records from before {@code notBefore}, and unfinished claims from before {@code abandonedBefore} (their
     * request died with its node), no longer count and are replaced.
     */
    Optional<Recorded> claim(String actorId, String idempotencyKey, String requestHash, Instant now,
                             Instant notBefore, Instant abandonedBefore);

    /** Turns this caller's claim into the recorded answer. */
    void complete(String actorId, String idempotencyKey, Recorded answer);

    /** Gives up an unfinished claim (the request failed), so a retry runs again. */
    void release(String actorId, String idempotencyKey);
}
