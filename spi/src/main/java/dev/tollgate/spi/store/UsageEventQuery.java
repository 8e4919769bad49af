package dev.tollgate.spi.store;

import java.time.Instant;

/**
 * A page of raw usage events, newest first ({@code started_at} then {@code request_id}, both descending). Null
 * filters do not restrict.
 *
 * @param from          events started at or after this instant
 * @param to            events started before this instant
 * @param afterStartedAt together with {@code afterRequestId}: the last event of the previous page (the cursor)
 * @param limit         how many events at most
 */
public record UsageEventQuery(Instant from, Instant to, Ownership scope, String keyId, String model, Integer status,
                              String requestId, Instant afterStartedAt, String afterRequestId, int limit) {

    public UsageEventQuery {
        scope = scope == null ? Ownership.ANY : scope;
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if ((afterStartedAt == null) != (afterRequestId == null)) {
            throw new IllegalArgumentException("a cursor needs both its start time and its request id");
        }
    }
}
