package dev.tollgate.bench.load;

import io.vertx.core.buffer.Buffer;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load for throughput at saturation: a fixed number of requests in flight, each answered
 * request immediately replaced by the next. The first {@code warmup} is not counted.
 */
public final class Saturation {

    /** Concurrency and timing. */
    public record Plan(int concurrency, Duration warmup, Duration duration, Duration timeout) {
    }

    /** Requests per second completed in the measured window, with their latency. */
    public record Result(double requestsPerSecond, long ok, long errors, long timeouts,
                         Histogram latency, String firstError) {
    }

    private final LoadClient client;

    public Saturation(LoadClient client) {
        this.client = client;
    }

    public Result run(Target target, byte[] body, Plan plan) {
        int perLane = (plan.concurrency() + client.laneCount() - 1) / client.laneCount();
        try (LoadClient.Lanes lanes = client.openLanes(perLane)) {
            long start = System.nanoTime();
            long recordFrom = start + plan.warmup().toNanos();
            long end = recordFrom + plan.duration().toNanos();
            List<Tally> tallies = new ArrayList<>();
            CountDownLatch workersDone = new CountDownLatch(plan.concurrency());
            for (int i = 0; i < lanes.size(); i++) {
                tallies.add(new Tally());
            }
            for (int w = 0; w < plan.concurrency(); w++) {
                Lane lane = lanes.get(w % lanes.size());
                Tally tally = tallies.get(lane.index());
                lane.execute(() -> loop(lane, tally, target, body, recordFrom, end, plan.timeout().toMillis(), workersDone));
            }
            try {
                workersDone.await(plan.warmup().plus(plan.duration()).plus(plan.timeout()).toMillis() + 5_000,
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Tally all = OpenLoopLoad.onLanes(lanes, tallies);
            return new Result(all.ok / (plan.duration().toNanos() / 1e9), all.ok, all.errors, all.timeouts,
                    all.latency, all.firstError);
        }
    }

    /** One virtual client: send, wait for the answer, repeat until the window ends. */
    private static void loop(Lane lane, Tally tally, Target target, byte[] body, long recordFrom, long end,
                             long timeoutMs, CountDownLatch workerDone) {
        long sentAt = System.nanoTime();
        if (sentAt >= end) {
            workerDone.countDown();
            return;
        }
        lane.post(target.chatCompletionsUrl(), target.headers(), timeoutMs)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(res -> res.body().map(b -> res.statusCode() / 100 == 2 ? null : "HTTP " + res.statusCode()
                        + ": " + Failures.snippet(b.toString())))
                .onComplete(ar -> {
                    long now = System.nanoTime();
                    // throughput counts the answers that arrived inside the window; a failure of a request sent
                    // inside it counts whenever it comes (a stalled arm fails after the window ends)
                    boolean inWindow = now >= recordFrom && now < end;
                    if (ar.failed()) {
                        if (inWindow || sentAt >= recordFrom) {
                            tally.failed(ar.cause());
                        }
                    } else if (ar.result() != null) {
                        if (inWindow || sentAt >= recordFrom) {
                            tally.error(ar.result());
                        }
                    } else if (inWindow) {
                        tally.ok(sentAt, sentAt, now);
                    }
                    loop(lane, tally, target, body, recordFrom, end, timeoutMs, workerDone);
                });
    }
}
