package dev.tollgate.core.config;

/**
 * How a model group retries, times out, trips breakers and hedges. Set once under {@code routing:} as the
 * default for every group; a group may override any field of any block.
 */
public record RoutingPolicy(Retry retry, Timeouts timeouts, Breaker breaker, Hedge hedge) {

    public static final RoutingPolicy DEFAULTS = new RoutingPolicy(
            new Retry(3, 100, 2_000, 10_000, 30_000),
            new Timeouts(0, 0, 0, 600_000),
            new Breaker(0.5, 10, 30, 5, 30_000, 1),
            new Hedge(false, 0, 10));

    /**
     * @param maxAttempts     upstream attempts per call, the first one included, across deployments and fallbacks
     * @param backoffMs       first backoff before trying a deployment again; doubles each time, with full jitter
     * @param maxBackoffMs    cap on one backoff
     * @param maxRetryAfterMs longest upstream {@code Retry-After} the gateway waits out itself; a longer one is
     *                        passed to the client when no other deployment can serve
     * @param budgetMs        total time spent waiting between attempts of one call
     */
    public record Retry(int maxAttempts, long backoffMs, long maxBackoffMs, long maxRetryAfterMs, long budgetMs) {
    }

    /**
     * Zero means "the provider's own setting" ({@code connect_timeout_ms}, {@code read_timeout_ms}).
     *
     * @param connectMs    opening a connection to the upstream
     * @param firstTokenMs from sending the request to the first byte of the answer (first event of a stream)
     * @param idleMs       longest gap between two chunks of a stream
     * @param totalMs      the whole call, retries included; a client may ask for less with
     *                     {@code x-tollgate-timeout-ms}, never for more
     */
    public record Timeouts(long connectMs, long firstTokenMs, long idleMs, long totalMs) {
    }

    /**
     * Per deployment and per provider key.
     *
     * @param failureRate         trips when at least this share of the calls in the window failed ...
     * @param minCalls            ... and the window holds at least this many calls
     * @param windowSeconds       length of the sliding window
     * @param consecutiveFailures trips after this many failures in a row, whatever the rate
     * @param cooldownMs          how long a tripped breaker stays open before a probe (longer if the upstream
     *                            asked for more with Retry-After)
     * @param halfOpenProbes      calls let through at once to probe an open breaker after its cooldown
     */
    public record Breaker(double failureRate, int minCalls, int windowSeconds, int consecutiveFailures,
                          long cooldownMs, int halfOpenProbes) {
    }

    /**
     * @param enabled    start a second attempt when the first is slow to its first token
     * @param afterMs    how slow; zero = the deployment's own observed p95 time to first token
     * @param maxPercent hedged attempts allowed, as a share of the group's calls
     */
    public record Hedge(boolean enabled, long afterMs, int maxPercent) {
    }
}
