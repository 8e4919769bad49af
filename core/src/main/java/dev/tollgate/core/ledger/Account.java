package dev.tollgate.core.ledger;

import dev.tollgate.spi.store.Budget;

/**
 * One counter a call is reserved against: a budget in its current period, or a prepaid user's balance.
 * Built per call from the definitions snapshot. The state keeps, per counter, what was spent (settled charges)
 * and what is reserved (calls in flight), plus the highest alert threshold already announced.
 *
 * @param shard      the organisation every account of a call shares ("-" for none): the Redis hash tag, so all
 *                   of a call's counters live in one Redis Cluster slot and one script can touch them
 * @param counter    the counter's name within the shard, e.g. {@code budget:b_1:1764028800} or {@code balance:u_1}
 * @param limit      the amount it may reach: the budget's amount, or the user's credits
 * @param hard       refuses calls that do not fit (hard budgets and balances); a soft budget only counts
 * @param balance    a prepaid balance: its spend is clamped so it never goes negative
 * @param budget     the budget, null for a balance
 * @param scopeKind  whose charges it counts: {@code key}, {@code user}, {@code team}, {@code org}
 * @param window     the period it counts; the counter may expire once it ended
 * @param thresholds alert amounts in nano-USD, ascending (empty for balances)
 */
public record Account(String shard, String counter, long limit, boolean hard, boolean balance, Budget budget,
                      String scopeKind, String scopeId, Period.Window window, long[] thresholds) {

    /** When the state may forget the counter: an hour after its period ended (late settlements still land). */
    public long expiresAtEpochSecond() {
        return window.end() == null ? -1 : window.end().getEpochSecond() + 3_600;
    }
}
