package dev.tollgate.core.ledger;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded state: counters in this process, one lock around each operation (each is a few map lookups, so
 * the lock is held for well under a microsecond). Same rules as the Redis script, so both behave alike.
 * Counters are lost with the process and hydrated from the database again.
 */
public final class InProcessLedgerState implements LedgerState {

    private static final class Counter {
        long spent;
        long reserved;
        int alerted;
        long expiresAtEpochSecond;
    }

    private final Map<String, Counter> counters = new HashMap<>();
    private final Clock clock;

    public InProcessLedgerState(Clock clock) {
        this.clock = clock;
    }

    private static String id(Account a) {
        return a.shard() + ':' + a.counter();
    }

    @Override
    public synchronized Future<ReserveOutcome> reserve(List<Account> accounts, long amount) {
        Counter[] found = new Counter[accounts.size()];
        int[] missing = null;
        int missingCount = 0;
        for (int i = 0; i < found.length; i++) {
            found[i] = counters.get(id(accounts.get(i)));
            if (found[i] == null) {
                if (missing == null) {
                    missing = new int[found.length];
                }
                missing[missingCount++] = i;
            }
        }
        if (missing != null) {
            return Future.succeededFuture(ReserveOutcome.missing(java.util.Arrays.copyOf(missing, missingCount)));
        }
        for (int i = 0; i < found.length; i++) {
            Account a = accounts.get(i);
            if (a.hard() && found[i].spent + found[i].reserved + amount > a.limit()) {
                return Future.succeededFuture(ReserveOutcome.refusedBy(i));
            }
        }
        for (Counter c : found) {
            c.reserved += amount;
        }
        return Future.succeededFuture(ReserveOutcome.GRANTED);
    }

    @Override
    public synchronized Future<SettleOutcome> settle(List<Account> accounts, long reserved, long actual) {
        int n = accounts.size();
        Counter[] found = new Counter[n];
        long collected = actual;
        for (int i = 0; i < n; i++) {
            found[i] = counters.get(id(accounts.get(i)));
            Account a = accounts.get(i);
            if (found[i] != null && a.balance()) {
                collected = Math.min(collected, Math.max(0, a.limit() - found[i].spent));
            }
        }
        int[] from = new int[n];
        int[] to = new int[n];
        long[] spentAfter = new long[n];
        for (int i = 0; i < n; i++) {
            Counter c = found[i];
            if (c == null) {
                spentAfter[i] = -1;
                continue;
            }
            c.reserved = Math.max(0, c.reserved - reserved);
            c.spent += collected;
            from[i] = c.alerted;
            int level = Thresholds.reached(accounts.get(i).thresholds(), c.spent);
            c.alerted = Math.max(c.alerted, level);
            to[i] = c.alerted;
            spentAfter[i] = c.spent;
        }
        return Future.succeededFuture(new SettleOutcome(collected, from, to, spentAfter));
    }

    @Override
    public synchronized Future<Void> hydrate(Account account, long spent) {
        String id = id(account);
        if (!counters.containsKey(id)) {
            forgetExpired();
            Counter c = new Counter();
            c.spent = spent;
            // thresholds already passed before the counter existed were announced then (or are history)
            c.alerted = Thresholds.reached(account.thresholds(), spent);
            c.expiresAtEpochSecond = account.expiresAtEpochSecond();
            counters.put(id, c);
        }
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<LedgerState.Counter> read(Account account) {
        Counter c = counters.get(id(account));
        return Future.succeededFuture(c == null ? new LedgerState.Counter(false, 0, 0)
                : new LedgerState.Counter(true, c.spent, c.reserved));
    }

    /** Drops counters of periods that ended (an hour ago); called when a new one is made, so the map stays small. */
    private void forgetExpired() {
        long now = clock.instant().getEpochSecond();
        counters.values().removeIf(c -> c.expiresAtEpochSecond >= 0 && c.expiresAtEpochSecond < now);
    }

    synchronized int size() {
        return counters.size();
    }

    @Override
    public String describe() {
        return "in-process";
    }

    @Override
    public void close() {
    }
}
