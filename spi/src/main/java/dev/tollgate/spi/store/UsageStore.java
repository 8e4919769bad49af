package dev.tollgate.spi.store;

import dev.tollgate.spi.CallBodies;
import dev.tollgate.spi.UsageEvent;

import java.time.Instant;
import java.util.List;

/** The usage ledger at rest: raw events, their hourly rollups, and retention. Blocking; callers run it off the event loop. */
public interface UsageStore {

    /**
     * Books a batch in one transaction, together with the hourly rollups of the events it actually inserted.
     * Idempotent by request id: an event already booked (a replay carries the start time it was minted with) is
     * skipped and counted nowhere, so a batch may safely be retried after a failure. Within a batch the first
     * event for a request id wins.
     */
    void book(List<UsageEvent> batch);

    /**
     * Keeps the bodies of some calls (request-log body logging, off by default). Idempotent by request id. Stores
     * that keep no bodies ignore them.
     */
    default void bookBodies(List<CallBodies> batch) {
    }

    /** The bodies kept for a call, if any. */
    default java.util.Optional<CallBodies> bodies(String requestId) {
        return java.util.Optional.empty();
    }

    /** The most recent events, newest first; used by tests and the admin API. */
    List<UsageEvent> recent(int limit);

    /**
     * The most recent events of keys {@code scope} owns, newest first. An organisation matches through the
     * keys it owns.
     */
    List<UsageEvent> recent(Ownership scope, int limit);

    /** A page of raw events, newest first, filtered and continued after a cursor. */
    List<UsageEvent> page(UsageEventQuery query);

    /**
     * A report over the hourly rollups, sorted by period, then by the grouped dimensions in the order asked (unknown
     * values first). Rollups outlive raw events, so reports stay whole after retention.
     */
    List<UsageReportRow> report(UsageReportQuery query);

    /**
     * The sum of {@code charge_nano_usd} booked for one scope since {@code from} (inclusive): whole hours from the
     * rollups, the partial hour at {@code from} (when it is not on a whole hour) from raw events. Exact after
     * retention dropped raw events, as long as {@code from} is a whole hour or its hour's raw events are still kept.
     * The ledger rebuilds a budget's spend with it when its counter is missing (first use, or the state restarted).
     *
     * @param scopeKind {@code key}, {@code user}, {@code team} or {@code org}
     * @throws IllegalArgumentException for another scope kind
     */
    long chargedSince(String scopeKind, String scopeId, Instant from);

    /**
     * Housekeeping, safe to run on several nodes at once: creates time partitions ahead (PostgreSQL) and applies
     * {@code retention} as of {@code now}. Raw events go by whole partitions on PostgreSQL, in bounded batches on
     * SQLite; rollups are kept unless their own retention is set.
     */
    UsageMaintenance maintain(Instant now, UsageRetention retention);

    long count();

    /**
     * One user's events, newest first: those that started before {@code beforeMillis}, or at that moment with a
     * request id below {@code beforeRequestId} (the cursor of the previous page; both null for the first page).
     */
    List<UsageEvent> userEvents(String userId, Long beforeMillis, String beforeRequestId, int limit);

    /** One user's calls per UTC day, from {@code fromMillis} on, newest day first. */
    List<DailyUsage> userDaily(String userId, long fromMillis);
}
