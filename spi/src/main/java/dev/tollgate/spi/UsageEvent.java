package dev.tollgate.spi;

import java.time.Instant;

/**
 * One booked call: who made it, what it cost and how it went. Exactly one per request id; booking is
 * idempotent on {@link #requestId()}.
 *
 * @param costNanoUsd cost in billionths of a US dollar (integer so that sums are exact)
 * @param status      the HTTP status the client saw
 * @param errorType   the OpenAI error type the client saw, or null on success
 * @param deployment  the deployment of the model group that served (or last tried) the call, or null
 * @param attempts    upstream attempts made (more than one after failover); 0 when none was made
 * @param orgId       the key's organisation, or null
 * @param chargeNanoUsd what the caller is billed in nano-USD: the cost times its pricing group's ratios (relay
 *                    mode); equal to {@code costNanoUsd} when no pricing group applies
 * @param cacheHit    true when the gateway's response cache answered (no upstream cost)
 */
public record UsageEvent(
        String requestId,
        Instant startedAt,
        String keyId,
        String teamId,
        String userId,
        Endpoint endpoint,
        String model,
        String provider,
        String upstreamModel,
        boolean stream,
        TokenUsage usage,
        long costNanoUsd,
        long latencyMicros,
        long ttftMicros,
        int status,
        String errorType,
        String deployment,
        int attempts,
        String orgId,
        long chargeNanoUsd,
        boolean cacheHit) {

    /** An event without tenancy or billing detail: no organisation, charged at cost, not a cache hit. */
    public UsageEvent(String requestId, Instant startedAt, String keyId, String teamId, String userId,
                      Endpoint endpoint, String model, String provider, String upstreamModel, boolean stream,
                      TokenUsage usage, long costNanoUsd, long latencyMicros, long ttftMicros, int status,
                      String errorType, String deployment, int attempts) {
        this(requestId, startedAt, keyId, teamId, userId, endpoint, model, provider, upstreamModel, stream, usage,
                costNanoUsd, latencyMicros, ttftMicros, status, errorType, deployment, attempts, null, costNanoUsd,
                false);
    }

    /** An event of a call without routing detail (one attempt, deployment unknown). */
    public UsageEvent(String requestId, Instant startedAt, String keyId, String teamId, String userId,
                      Endpoint endpoint, String model, String provider, String upstreamModel, boolean stream,
                      TokenUsage usage, long costNanoUsd, long latencyMicros, long ttftMicros, int status,
                      String errorType) {
        this(requestId, startedAt, keyId, teamId, userId, endpoint, model, provider, upstreamModel, stream, usage,
                costNanoUsd, latencyMicros, ttftMicros, status, errorType, null, 1);
    }
}
