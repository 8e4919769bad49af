package dev.tollgate.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds many long, slow streams open at once (the request should ask for about one chunk a second), to
 * measure what each open stream costs a proxy in memory. Streams are opened at a bounded rate so the
 * proxies' accept queues do not overflow; {@link #open} returns once every stream has delivered its first
 * content chunk or failed. {@link #close()} drops every connection. Thread-safe.
 */
public final class SlowStreams implements AutoCloseable {

    private final LoadClient.Lanes lanes;
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger chunks = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private SlowStreams(LoadClient.Lanes lanes) {
        this.lanes = lanes;
    }

    public static SlowStreams open(LoadClient client, Target target, byte[] body, int count, double openPerSecond,
                                   Duration timeout) {
        SlowStreams streams = new SlowStreams(client.openLanes(count / client.laneCount() + 16));
        try {
            streams.openAll(target, body, count, openPerSecond, timeout);
        } catch (RuntimeException e) {
            streams.close();
            throw e;
        }
        return streams;
    }

    private void openAll(Target target, byte[] body, int count, double openPerSecond, Duration timeout) {
        CountDownLatch settled = new CountDownLatch(count);
        // the whole opening is "warm-up": nothing is recorded, the schedule only paces the connects
        ArrivalSchedule schedule = new ArrivalSchedule(System.nanoTime() + 10_000_000L, openPerSecond, 0,
                (long) (count / openPerSecond * 1e9) + 1_000_000L);
        Thread pacer = Pacer.start(schedule, lanes, (lane, from, to, laneCount) -> {
            for (long i = Pacer.firstOf(lane, from, laneCount); i < Math.min(to, count); i += laneCount) {
                openOne(lane, target, body, timeout.toMillis(), settled);
            }
        });
        try {
            pacer.join();
            if (!settled.await(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                recordFailure("not every stream delivered a first chunk within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void openOne(Lane lane, Target target, byte[] body, long timeoutMs, CountDownLatch settled) {
        boolean[] counted = {false};
        Runnable settle = () -> {
            if (!counted[0]) {
                counted[0] = true;
                settled.countDown();
            }
        };
        lane.post(target.chatCompletionsUrl(), target.headers(), timeoutMs)
                .compose(req -> req.send(Buffer.buffer(body)))
                .onComplete(sent -> {
                    if (sent.failed()) {
                        failed.incrementAndGet();
                        recordFailure(Failures.describe(sent.cause()));
                        settle.run();
                        return;
                    }
                    HttpClientResponse res = sent.result();
                    if (res.statusCode() != 200) {
                        failed.incrementAndGet();
                        recordFailure("HTTP " + res.statusCode());
                        settle.run();
                        return;
                    }
                    SseEventReader reader = new SseEventReader();
                    ChunkSequence seq = new ChunkSequence();
                    res.handler(bytes -> {
                        for (String data : reader.feed(bytes)) {
                            if (seq.accept(data)) {
                                chunks.incrementAndGet();
                                if (!counted[0]) {
                                    established.incrementAndGet();
                                    settle.run();
                                }
                            }
                        }
                    });
                    res.exceptionHandler(err -> {
                        if (!counted[0]) {
                            failed.incrementAndGet();
                            recordFailure("stream broke: " + Failures.describe(err));
                            settle.run();
                        }
                    });
                });
    }

    private void recordFailure(String description) {
        firstFailure.compareAndSet(null, description);
    }

    /** Streams that delivered at least one content chunk. */
    public int established() {
        return established.get();
    }

    public int failed() {
        return failed.get();
    }

    /** Content chunks received so far over all streams (they keep arriving while held). */
    public int chunksReceived() {
        return chunks.get();
    }

    public String firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() {
        lanes.close();
    }
}
