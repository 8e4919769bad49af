package dev.tollgate.core.ledger;

import dev.tollgate.core.pipeline.GatewayError;

import java.util.List;

/**
 * What a call holds between reserve and settle: the amount reserved on its accounts, or the refusal.
 * {@link #NONE} is the answer for callers nothing applies to (and for calls let through unreserved when the
 * state was unreachable and the gateway fails open): settling it does nothing.
 *
 * @param refusal null when the call may go ahead
 */
public record Reservation(List<Account> accounts, long amount, GatewayError refusal) {

    public static final Reservation NONE = new Reservation(List.of(), 0, null);

    public boolean granted() {
        return refusal == null;
    }

    /** True when settling has something to do. */
    public boolean holdsAny() {
        return refusal == null && !accounts.isEmpty();
    }
}
