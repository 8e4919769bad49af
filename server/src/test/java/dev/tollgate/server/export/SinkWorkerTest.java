package dev.tollgate.server.export;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SinkWorkerTest {

    private static UsageEvent event(int i) {
        return new UsageEvent("req_" + i, Instant.parse("2026-01-01T00:00:00Z"), "key", "team", "user",
                Endpoint.CHAT_COMPLETIONS, "m", "p", "m", false, new TokenUsage(1, 2, 0, 0, false), 5, 1_000, 500, 200,
                null);
    }

    private static List<UsageEvent> events(int from, int to) {
        return IntStream.range(from, to).mapToObj(SinkWorkerTest::event).toList();
    }

    @Test
    void batchesEventsAndRetriesAFailedDelivery() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<List<UsageEvent>> delivered = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        EventSink flaky = batch -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IOException("down");
            }
            delivered.add(batch);
        };
        try (SinkWorker worker = new SinkWorker("flaky", flaky, 10, 100, 50, 1, registry)) {
            worker.offer(events(0, 25));
            await().atMost(5, TimeUnit.SECONDS).until(() -> delivered.stream().mapToInt(List::size).sum() == 25);
        }
        assertThat(delivered).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(10));
        assertThat(registry.get("tollgate_export_events").tag("outcome", "delivered").counter().count()).isEqualTo(25);
        assertThat(registry.get("tollgate_export_events").tag("outcome", "dropped").counter().count()).isZero();
    }

    @Test
    void dropsAndCountsWhatASinkThatFellBehindCannotQueue() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        List<UsageEvent> delivered = new CopyOnWriteArrayList<>();
        EventSink stuck = batch -> {
            release.await();
            delivered.addAll(batch);
        };
        try (SinkWorker worker = new SinkWorker("stuck", stuck, 5, 20, 10, 1, registry)) {
            worker.offer(events(0, 5));
            // the first batch is taken and held by the stuck sink: the queue has room for 20 more
            await().atMost(5, TimeUnit.SECONDS).until(() -> registry.get("tollgate_export_queue").gauge().value() == 0);
            long start = System.nanoTime();
            worker.offer(events(5, 105));
            assertThat(System.nanoTime() - start).as("offering never blocks").isLessThan(TimeUnit.SECONDS.toNanos(1));
            assertThat(registry.get("tollgate_export_events").tag("outcome", "dropped").counter().count()).isEqualTo(80);
            assertThat(registry.get("tollgate_export_queue").gauge().value()).isEqualTo(20);
            release.countDown();
            await().atMost(5, TimeUnit.SECONDS).until(() -> delivered.size() == 25);
        }
        List<String> ids = new ArrayList<>(delivered.stream().map(UsageEvent::requestId).toList());
        assertThat(ids).startsWith("req_0", "req_1", "req_2", "req_3", "req_4", "req_5").doesNotContain("req_25");
    }

    @Test
    void givesUpAfterItsAttemptsAndCountsTheEventsAsFailed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventSink down = batch -> {
            throw new IOException("down");
        };
        try (SinkWorker worker = new SinkWorker("down", down, 10, 100, 10, 1, registry)) {
            worker.offer(events(0, 3));
            await().atMost(5, TimeUnit.SECONDS).until(() ->
                    registry.get("tollgate_export_events").tag("outcome", "failed").counter().count() == 3);
        }
    }
}
