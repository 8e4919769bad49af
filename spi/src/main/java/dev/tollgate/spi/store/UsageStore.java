package dev.tollgate.spi.store;

import dev.tollgate.spi.UsageEvent;

import java.time.Instant;
import java.util.List;

/** The usage ledger at rest. Blocking; callers run it off the event loop. */
public interface UsageStore {

    /**
     * Books a batch in one transaction. Idempotent by request id: an event already booked is skipped,
     * so a batch may safely be retried after a failure.
     */
    void book(List<UsageEvent> batch);

    /** The most recent events, newest first; used by tests and the admin API. */
    List<UsageEvent> recent(int limit);

    /**
     * The most recent events of keys {@code scope} owns, newest first. An organisation matches through the
     * keys it owns, since events carry no organisation of their own.
     */
    List<UsageEvent> recent(Ownership scope, int limit);

    long count();

    /**
     * What a scope was charged since {@code from}: the sum of {@code charge_nano_usd} of the booked usage events
     * of that key, user, team or organisation that started at or after it. Used to rebuild a budget's spend
     * when its counter is missing (first use, or the shared state restarted).
     *
     * @param scopeKind {@code key}, {@code user}, {@code team} or {@code org}
     */
    long chargedSince(String scopeKind, String scopeId, Instant from);
}
