package dev.tollgate.core.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The capacity queue's meters, per model group: {@code tollgate_queue_depth} (calls waiting now),
 * {@code tollgate_queue_wait_seconds} (histogram of the waits of granted calls), {@code tollgate_queue_timeouts_total}
 * (calls that waited the maximum and got 429) and {@code tollgate_queue_rejected_total} (calls refused because the
 * queue was full).
 */
public final class QueueMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> waits = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> timeouts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();

    public QueueMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A no-op registry's meters, for tests and tools. */
    public static QueueMetrics none() {
        return new QueueMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    public void watch(CapacityQueue queue, String group) {
        Gauge.builder("tollgate_queue_depth", queue, q -> q.depth(group)).tag("model", group)
                .description("Calls waiting for the model group's capacity").register(registry);
    }

    public void granted(String group, long waitedNanos) {
        waits.computeIfAbsent(group, g -> Timer.builder("tollgate_queue_wait").tag("model", g)
                .description("How long granted calls waited for capacity").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry)).record(Duration.ofNanos(waitedNanos));
    }

    public void timedOut(String group) {
        timeouts.computeIfAbsent(group, g -> Counter.builder("tollgate_queue_timeouts").tag("model", g)
                .description("Calls that waited the longest wait for capacity and were refused").register(registry))
                .increment();
    }

    public void rejected(String group) {
        rejected.computeIfAbsent(group, g -> Counter.builder("tollgate_queue_rejected").tag("model", g)
                .description("Calls refused at once because the model group's queue was full").register(registry))
                .increment();
    }
}
