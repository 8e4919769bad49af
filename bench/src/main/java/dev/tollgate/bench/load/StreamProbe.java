package dev.tollgate.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Streaming client: starts streams at a fixed rate and records, per stream, the time to first token
 * (first non-empty content chunk, measured from the stream's intended start) and every gap between
 * consecutive content chunks. Each finished stream is checked against a reference sequence taken from a
 * direct call with the same request: same content chunks in the same order, one finish chunk, {@code [DONE]}
 * last and once.
 */
public final class StreamProbe {

    /** Stream start rate and timing. */
    public record Plan(double streamsPerSecond, Duration warmup, Duration duration, Duration timeout) {
    }

    /** Recorded streams, how many were faithful, and the timing histograms (microseconds). */
    public record Result(long streams, long faithful, long failed, Histogram ttft, Histogram gaps,
                         String firstProblem) {

        public double fidelityPercent() {
            return streams == 0 ? 0 : 100.0 * faithful / streams;
        }
    }

    private final LoadClient client;

    public StreamProbe(LoadClient client) {
        this.client = client;
    }

    /** One stream straight from the simulator: the sequence every arm must reproduce. */
    public ChunkSequence reference(Target direct, byte[] body, Duration timeout) {
        try (LoadClient.Lanes lanes = client.openLanes(1)) {
            CompletableFuture<ChunkSequence> seq = new CompletableFuture<>();
            StreamStats stats = new StreamStats();
            Lane lane = lanes.get(0);
            lane.execute(() -> stream(lane, stats, direct, body, null, System.nanoTime(), false, timeout.toMillis(),
                    seq::complete));
            ChunkSequence reference = seq.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            if (reference == null || reference.contentChunks() == 0) {
                throw new IllegalStateException("the direct reference stream failed: " + stats.firstProblem);
            }
            return reference;
        } catch (Exception e) {
            throw new IllegalStateException("could not take the reference stream: " + e.getMessage(), e);
        }
    }

    public Result run(Target target, byte[] body, ChunkSequence reference, Plan plan) {
        int perLane = (int) Math.max(16, plan.streamsPerSecond() * 4 / client.laneCount());
        try (LoadClient.Lanes lanes = client.openLanes(perLane)) {
            ArrivalSchedule schedule = ArrivalSchedule.startingSoon(plan.streamsPerSecond(), plan.warmup(), plan.duration());
            List<StreamStats> stats = new ArrayList<>();
            for (int i = 0; i < lanes.size(); i++) {
                stats.add(new StreamStats());
            }
            CountDownLatch done = new CountDownLatch((int) schedule.count());
            Thread pacer = Pacer.start(schedule, lanes, (lane, from, to, laneCount) -> {
                for (long i = Pacer.firstOf(lane, from, laneCount); i < to; i += laneCount) {
                    long intended = schedule.intendedNanos(i);
                    stream(lane, stats.get(lane.index()), target, body, reference, intended, schedule.recorded(intended),
                            plan.timeout().toMillis(), seq -> done.countDown());
                }
            });
            try {
                pacer.join();
                done.await(plan.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            StreamStats all = new StreamStats();
            CountDownLatch read = new CountDownLatch(lanes.size());
            for (Lane lane : lanes.all()) {
                lane.execute(() -> {
                    synchronized (all) {
                        all.add(stats.get(lane.index()));
                    }
                    read.countDown();
                });
            }
            try {
                read.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (all) {
                long unfinished = Math.max(0, all.started - all.faithful - all.failed);
                return new Result(all.started, all.faithful, all.failed + unfinished, all.ttft, all.gaps,
                        all.firstProblem);
            }
        }
    }

    /**
     * Runs one stream on {@code lane}. {@code onEnd} receives the sequence, or null if the stream failed.
     * {@code reference} null means "just collect" (the reference stream itself).
     */
    private static void stream(Lane lane, StreamStats stats, Target target, byte[] body, ChunkSequence reference,
                               long intended, boolean recorded, long timeoutMs,
                               Consumer<ChunkSequence> onEnd) {
        if (recorded) {
            stats.started++;
        }
        ChunkSequence seq = new ChunkSequence();
        SseEventReader reader = new SseEventReader();
        long[] lastContent = {0};
        lane.post(target.chatCompletionsUrl(), target.headers(), timeoutMs)
                .compose(req -> req.send(Buffer.buffer(body)))
                .onComplete(sent -> {
                    if (sent.failed()) {
                        stats.failed(recorded, Failures.describe(sent.cause()));
                        onEnd.accept(null);
                        return;
                    }
                    HttpClientResponse res = sent.result();
                    if (res.statusCode() != 200) {
                        res.body().onComplete(b -> {
                            stats.failed(recorded, "HTTP " + res.statusCode() + ": "
                                    + (b.succeeded() ? Failures.snippet(b.result().toString()) : ""));
                            onEnd.accept(null);
                        });
                        return;
                    }
                    boolean[] ended = {false};
                    res.handler(bytes -> {
                        long now = System.nanoTime();
                        for (String data : reader.feed(bytes)) {
                            if (seq.accept(data)) {
                                if (recorded) {
                                    Histograms.recordNanos(lastContent[0] == 0 ? stats.ttft : stats.gaps,
                                            now - (lastContent[0] == 0 ? intended : lastContent[0]));
                                }
                                lastContent[0] = now;
                            }
                        }
                    });
                    res.exceptionHandler(err -> {
                        if (!ended[0]) {
                            ended[0] = true;
                            stats.failed(recorded, "stream broke: " + Failures.describe(err));
                            onEnd.accept(null);
                        }
                    });
                    res.endHandler(v -> {
                        if (ended[0]) {
                            return;
                        }
                        ended[0] = true;
                        if (reference != null && recorded) {
                            String difference = seq.differenceFrom(reference);
                            if (difference == null) {
                                stats.faithful++;
                            } else {
                                stats.failed(true, difference);
                            }
                        }
                        onEnd.accept(seq);
                    });
                });
    }

    /** Per-lane counters; written by the lane's event loop only. */
    private static final class StreamStats {
        final Histogram ttft = Histograms.micros();
        final Histogram gaps = Histograms.micros();
        long started;
        long faithful;
        long failed;
        String firstProblem;

        void failed(boolean recorded, String problem) {
            if (recorded) {
                failed++;
            }
            if (firstProblem == null) {
                firstProblem = problem;
            }
        }

        void add(StreamStats other) {
            ttft.add(other.ttft);
            gaps.add(other.gaps);
            started += other.started;
            faithful += other.faithful;
            failed += other.failed;
            if (firstProblem == null) {
                firstProblem = other.firstProblem;
            }
        }
    }
}
