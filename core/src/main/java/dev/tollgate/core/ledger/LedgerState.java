package dev.tollgate.core.ledger;

import io.vertx.core.Future;

import java.util.List;

/**
 * Where the counters live: in this process ({@link InProcessLedgerState}) or shared by every node (Redis).
 * Each operation is atomic over all the accounts it is given. Futures may complete on any thread.
 */
public interface LedgerState extends AutoCloseable {

    /**
     * Reserves {@code amount} on every account, or on none: refused when a hard account's spent + reserved +
     * amount would exceed its limit; missing when a counter has never been set (it must be hydrated first).
     */
    Future<ReserveOutcome> reserve(List<Account> accounts, long amount);

    /**
     * Releases {@code reserved} and adds the charge to each account's spend. When a balance cannot cover
     * {@code actual}, only what it can is collected (and added to every account). Counters that are missing are
     * left alone (the database holds the charge and the next hydration reads it).
     */
    Future<SettleOutcome> settle(List<Account> accounts, long reserved, long actual);

    /** Sets a missing counter's spend (what the database says was charged in its period); no-op if present. */
    Future<Void> hydrate(Account account, long spent);

    /** The counter as it stands, for the admin status. */
    Future<Counter> read(Account account);

    String describe();

    @Override
    void close();

    /** @param refused index of the first account that refused; {@code missing}: indexes of unset counters */
    record ReserveOutcome(boolean granted, int refused, int[] missing) {
        public static final ReserveOutcome GRANTED = new ReserveOutcome(true, -1, new int[0]);

        public static ReserveOutcome refusedBy(int index) {
            return new ReserveOutcome(false, index, new int[0]);
        }

        public static ReserveOutcome missing(int[] indexes) {
            return new ReserveOutcome(false, -1, indexes);
        }
    }

    /**
     * @param collected   the charge added to the counters (the actual, or less when a balance ran out)
     * @param alertFrom   per account, the number of thresholds announced before this settlement
     * @param alertTo     per account, the number announced now (greater: thresholds alertFrom..alertTo-1 crossed)
     * @param spentAfter  per account, its spend after this settlement (-1 when missing)
     */
    record SettleOutcome(long collected, int[] alertFrom, int[] alertTo, long[] spentAfter) {
    }

    record Counter(boolean present, long spent, long reserved) {
    }
}
