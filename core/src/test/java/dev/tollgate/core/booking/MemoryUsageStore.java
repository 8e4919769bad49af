package dev.tollgate.core.booking;

import dev.tollgate.spi.UsageEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A usage ledger in memory, idempotent by request id like the real one, that can be made to fail. */
final class MemoryUsageStore implements UsageSink {

    final Map<String, UsageEvent> booked = new LinkedHashMap<>();
    final AtomicInteger offered = new AtomicInteger();
    volatile boolean down;

    @Override
    public synchronized void book(List<UsageEvent> batch) {
        if (down) {
            throw new IllegalStateException("database down");
        }
        for (UsageEvent e : batch) {
            if (e.requestId().startsWith("poison")) {
                throw new IllegalArgumentException("value too long for type character varying");
            }
        }
        for (UsageEvent e : batch) {
            offered.incrementAndGet();
            booked.putIfAbsent(e.requestId(), e);
        }
    }

    synchronized List<String> ids() {
        return new ArrayList<>(booked.keySet());
    }

    synchronized int size() {
        return booked.size();
    }
}
