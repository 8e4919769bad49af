package dev.tollgate.core.ledger;

import dev.tollgate.core.auth.Caller;

/**
 * What a caller is charged for a call that cost the gateway {@code costNanoUsd} (a resale price list may
 * multiply it). The ledger reserves and settles in charges, never in costs. Must be cheap and thread-safe.
 */
@FunctionalInterface
public interface ChargeRule {

    /** Charges what it costs. */
    ChargeRule IDENTITY = (caller, model, cost) -> cost;

    long charge(Caller caller, String model, long costNanoUsd);
}
