package dev.tollgate.core.booking;

import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Books usage off the request path: {@link #submit} only enqueues (never blocks, safe on an event loop);
 * one writer thread drains the queue in batches into the store. A failed batch is retried with backoff,
 * and because booking is idempotent by request id a retried batch books nothing twice. {@link #close()}
 * flushes whatever is pending before it returns.
 *
 * <p>This queue lives in memory: a process killed with SIGKILL loses what was not yet written. A durable
 * local spool in front of it is planned (see docs/ARCHITECTURE.md).
 */
public final class UsageBooker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageBooker.class);

    private final UsageStore store;
    private final int batchSize;
    private final long maxDelayMs;
    private final LinkedBlockingQueue<UsageEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicLong booked = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    public UsageBooker(UsageStore store, int batchSize, long maxDelayMs) {
        this.store = store;
        this.batchSize = batchSize;
        this.maxDelayMs = maxDelayMs;
        this.writer = new Thread(this::run, "tollgate-usage-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public void submit(UsageEvent event) {
        queue.add(event);
    }

    public int pending() {
        return queue.size();
    }

    public long booked() {
        return booked.get();
    }

    public long failedBatches() {
        return failures.get();
    }

    private void run() {
        List<UsageEvent> batch = new ArrayList<>(batchSize);
        long backoffMs = 100;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    UsageEvent first = queue.poll(maxDelayMs, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, batchSize - 1);
                }
                store.book(batch);
                booked.addAndGet(batch.size());
                batch.clear();
                backoffMs = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                log.warn("booking {} usage events failed, will retry in {} ms: {}", batch.size(), backoffMs,
                        e.getMessage());
                if (closing && backoffMs > 2_000) {
                    log.error("giving up on {} usage events at shutdown", batch.size() + queue.size());
                    return;
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    /** Flushes pending events (bounded: gives up after a few failed retries) and stops the writer. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            log.error("{} usage events were not booked at shutdown", queue.size());
        }
    }
}
