package dev.tollgate.core.limits;

import dev.tollgate.core.pipeline.GatewayError;

import java.util.List;

/**
 * What a call took from its limits, to give back when it settles: the tokens reserved on token windows (corrected
 * to the actual count) and its concurrency leases. Or the refusal. {@link #NONE}: no limit applies.
 *
 * @param state    where the limits were taken (Redis, or this node's fallback): settled there
 * @param atMs     the state's clock when they were taken (the bucket a correction goes to)
 * @param outcome  the state's answer, for the x-ratelimit headers; null when nothing was checked
 * @param refusal  null when the call may go ahead
 */
public record LimitHold(List<Limit> limits, LimitState state, long atMs, long reservedTokens, String leaseId,
                        LimitState.Outcome outcome, GatewayError refusal) {

    public static final LimitHold NONE = new LimitHold(List.of(), null, 0, 0, null, null, null);

    public boolean granted() {
        return refusal == null;
    }

    /** True when settling has something to give back (tokens to correct or a lease to drop). */
    public boolean needsSettle() {
        if (refusal != null || state == null) {
            return false;
        }
        for (Limit l : limits) {
            if (l.kind() != Limit.Kind.REQUESTS) {
                return true;
            }
        }
        return false;
    }
}
