package dev.tollgate.core.limits;

import io.vertx.core.Future;

import java.util.List;

/**
 * Where the limit counters live: this process ({@link InProcessLimitState}) or Redis, shared by every node. Each
 * operation is atomic over all the limits it is given: a call takes every limit that applies to it, or none.
 * Futures may complete on any thread.
 */
public interface LimitState extends AutoCloseable {

    /**
     * Checks every limit and, only when all fit, takes them: one request on request windows, {@code tokens} on
     * token windows, a lease named {@code leaseId} expiring after {@code leaseMs} on concurrency limits.
     */
    Future<Outcome> acquire(List<Limit> limits, long tokens, String leaseId, long leaseMs);

    /**
     * Ends what {@link #acquire} took at {@code atMs} (the time it reported): adds {@code tokenDelta} (actual minus
     * reserved; negative gives tokens back) to the token windows' bucket of that time if it is still in the window
     * (never below zero), and drops the lease from concurrency limits.
     */
    Future<Void> settle(List<Limit> limits, long atMs, long tokenDelta, String leaseId);

    String describe();

    @Override
    void close();

    /**
     * @param refused      index of the first limit that did not fit, -1 when granted
     * @param retryAfterMs when refused: how long until the refusing limit has room
     * @param nowMs        the state's clock when it decided (the bucket a settlement corrects)
     * @param remaining    per limit, what is left after this call (granted) or now (refused)
     * @param resetMs      per limit, how long until its oldest counted bucket leaves the window (0: nothing held)
     */
    record Outcome(int refused, long retryAfterMs, long nowMs, long[] remaining, long[] resetMs) {
        public boolean granted() {
            return refused < 0;
        }
    }
}
