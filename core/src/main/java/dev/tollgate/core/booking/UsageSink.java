package dev.tollgate.core.booking;

import dev.tollgate.spi.UsageEvent;

import java.util.List;

/**
 * Where drained usage goes: the one thing booking needs of the usage store ({@code UsageStore::book}), so the
 * spool depends on nothing else. Books a batch in one transaction, idempotent by request id. Blocking.
 */
@FunctionalInterface
public interface UsageSink {

    void book(List<UsageEvent> batch);
}
