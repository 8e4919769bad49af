package dev.tollgate.server.export;

import dev.tollgate.spi.UsageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Feeds one {@link EventSink} from a bounded queue on its own thread: events wait at most {@code flushMs} for a
 * batch of {@code batch} to fill, a failed delivery is retried with exponential backoff (0.5 s doubling to 30 s, up
 * to {@value #ATTEMPTS} attempts) and then given up. Offering never blocks: when the queue is full (the sink is down
 * or slower than the traffic) new events are dropped and counted, so a sink can never hold up booking or grow the
 * heap. Metrics: {@code tollgate_export_events{sink,outcome=delivered|dropped|failed}},
 * {@code tollgate_export_queue{sink}}.
 */
final class SinkWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SinkWorker.class);
    static final int ATTEMPTS = 6;

    private final String name;
    private final EventSink sink;
    private final int batch;
    private final long flushMs;
    private final long firstBackoffMs;
    private final BlockingQueue<UsageEvent> queue;
    private final Counter delivered;
    private final Counter dropped;
    private final Counter failed;
    private final Thread thread;
    private volatile boolean closing;

    SinkWorker(String name, EventSink sink, int batch, int capacity, long flushMs, long firstBackoffMs,
               MeterRegistry registry) {
        this.name = name;
        this.sink = sink;
        this.batch = batch;
        this.flushMs = flushMs;
        this.firstBackoffMs = firstBackoffMs;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.delivered = outcome(registry, "delivered");
        this.dropped = outcome(registry, "dropped");
        this.failed = outcome(registry, "failed");
        Gauge.builder("tollgate_export_queue", queue, BlockingQueue::size)
                .description("Usage events waiting for an export sink").tag("sink", name).register(registry);
        this.thread = new Thread(this::run, "tollgate-export-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("tollgate_export_events")
                .description("Usage events handed to export sinks, by outcome: delivered, dropped (queue full), "
                        + "failed (given up after retries)")
                .tag("sink", name).tag("outcome", outcome).register(registry);
    }

    /** Queues events for the sink; never blocks. */
    void offer(List<UsageEvent> events) {
        int lost = 0;
        for (UsageEvent e : events) {
            if (!queue.offer(e)) {
                lost++;
            }
        }
        if (lost > 0) {
            dropped.increment(lost);
            log.debug("export sink {} is behind: {} events dropped", name, lost);
        }
    }

    private void run() {
        List<UsageEvent> next = new ArrayList<>(batch);
        while (!closing || !queue.isEmpty()) {
            try {
                UsageEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                next.add(first);
                long deadline = System.nanoTime() + flushMs * 1_000_000L;
                while (next.size() < batch && !closing) {
                    queue.drainTo(next, batch - next.size());
                    long left = deadline - System.nanoTime();
                    if (next.size() >= batch || left <= 0) {
                        break;
                    }
                    UsageEvent more = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (more == null) {
                        break;
                    }
                    next.add(more);
                }
                queue.drainTo(next, batch - next.size());
                deliver(List.copyOf(next));
                next.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void deliver(List<UsageEvent> events) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                sink.deliver(events);
                delivered.increment(events.size());
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt >= ATTEMPTS || closing) {
                    failed.increment(events.size());
                    log.warn("export sink {}: {} events given up after {} attempts: {}", name, events.size(), attempt,
                            e.toString());
                    return;
                }
                long wait = Math.min(30_000, firstBackoffMs << (attempt - 1));
                log.debug("export sink {} attempt {} failed ({}); retrying in {} ms", name, attempt, e, wait);
                Thread.sleep(wait); // this sink's own thread: waiting here is what makes its queue fill and drop
            }
        }
    }

    /** Delivers what is queued (one attempt per batch) for up to five seconds, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        sink.close();
    }
}
