package dev.tollgate.spi.store;

import dev.tollgate.spi.UsageEvent;

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
     * One user's events, newest first: those that started before {@code beforeMillis}, or at that moment with a
     * request id below {@code beforeRequestId} (the cursor of the previous page; both null for the first page).
     */
    List<UsageEvent> userEvents(String userId, Long beforeMillis, String beforeRequestId, int limit);

    /** One user's calls per UTC day, from {@code fromMillis} on, newest day first. */
    List<DailyUsage> userDaily(String userId, long fromMillis);
}
