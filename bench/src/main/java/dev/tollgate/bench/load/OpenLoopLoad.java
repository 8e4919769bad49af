package dev.tollgate.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load: non-streamed requests at a fixed arrival rate, whatever the arm does. A request's
 * latency runs from the time it was <em>due</em>, not from when it was sent, so an arm that stalls cannot
 * slow the generator down and hide its own latency (no coordinated omission). Requests whose connection or
 * answer takes longer than the timeout count as timeouts; the warm-up part of the schedule is not recorded.
 */
public final class OpenLoopLoad {

    /** How much load and for how long. */
    public record Plan(double ratePerSecond, Duration warmup, Duration duration, Duration timeout) {
    }

    private final LoadClient client;

    public OpenLoopLoad(LoadClient client) {
        this.client = client;
    }

    public LoadResult run(Target target, byte[] body, Plan plan) {
        // Enough connections for a second of the rate in flight; beyond that requests wait for one,
        // and that wait is part of their latency.
        int perLane = (int) Math.max(64, Math.min(4096, plan.ratePerSecond() / client.laneCount()));
        try (LoadClient.Lanes lanes = client.openLanes(perLane)) {
            ArrivalSchedule schedule = ArrivalSchedule.startingSoon(plan.ratePerSecond(), plan.warmup(), plan.duration());
            List<Tally> tallies = new ArrayList<>();
            for (int i = 0; i < lanes.size(); i++) {
                tallies.add(new Tally());
            }
            CountDownLatch done = new CountDownLatch((int) schedule.count());
            AtomicLong unfinished = new AtomicLong(); // recorded requests sent and not yet answered
            long timeoutMs = plan.timeout().toMillis();
            Thread pacer = Pacer.start(schedule, lanes, (lane, from, to, laneCount) -> {
                Tally tally = tallies.get(lane.index());
                for (long i = Pacer.firstOf(lane, from, laneCount); i < to; i += laneCount) {
                    send(lane, tally, target, body, schedule, schedule.intendedNanos(i), timeoutMs, done, unfinished);
                }
            });
            awaitPacer(pacer, schedule, plan.timeout());
            awaitAnswers(done, schedule, plan.timeout());
            // read the tallies on their own lanes, so the reads see every write
            Tally all = onLanes(lanes, tallies);
            all.timeouts += Math.max(0, unfinished.get()); // still outstanding past every timeout
            double windowSeconds = plan.duration().toNanos() / 1e9;
            return new LoadResult(plan.ratePerSecond(), all.sentInWindow / windowSeconds, all.ok, all.errors,
                    all.timeouts, all.latency, all.service, all.sendLag, all.firstError);
        }
    }

    private static void send(Lane lane, Tally tally, Target target, byte[] body, ArrivalSchedule schedule,
                             long intended, long timeoutMs, CountDownLatch done, AtomicLong unfinished) {
        long sentAt = System.nanoTime();
        boolean recorded = schedule.recorded(intended);
        if (recorded) {
            tally.sent(sentAt - intended, sentAt < schedule.endNanos());
            unfinished.incrementAndGet();
        }
        lane.post(target.chatCompletionsUrl(), target.headers(), timeoutMs)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(res -> res.body().map(b -> new Answer(res, b)))
                .onComplete(ar -> {
                    long now = System.nanoTime();
                    if (recorded) {
                        if (ar.failed()) {
                            tally.failed(ar.cause());
                        } else if (ar.result().status() / 100 != 2) {
                            tally.badStatus(ar.result().status(), Failures.snippet(ar.result().body().toString()));
                        } else {
                            tally.ok(intended, sentAt, now);
                        }
                    }
                    if (recorded) {
                        unfinished.decrementAndGet();
                    }
                    done.countDown();
                });
    }

    private record Answer(HttpClientResponse response, Buffer body) {
        int status() {
            return response.statusCode();
        }
    }

    /** Merges the lanes' tallies, each read on its own event loop. */
    static Tally onLanes(LoadClient.Lanes lanes, List<Tally> tallies) {
        CountDownLatch read = new CountDownLatch(lanes.size());
        List<Tally> seen = new ArrayList<>();
        for (Lane lane : lanes.all()) {
            lane.execute(() -> {
                synchronized (seen) {
                    seen.add(tallies.get(lane.index()));
                }
                read.countDown();
            });
        }
        try {
            read.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (seen) {
            return Tally.merge(seen);
        }
    }

    /** Waits for the last release; a pacer still running after the schedule plus a timeout is stopped. */
    private static void awaitPacer(Thread pacer, ArrivalSchedule schedule, Duration timeout) {
        try {
            pacer.join(Math.max(1, (schedule.endNanos() - System.nanoTime()) / 1_000_000) + timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pacer.interrupt();
    }

    /** Waits until every request was answered or failed; each has its own timeout, this is a backstop. */
    private static void awaitAnswers(CountDownLatch done, ArrivalSchedule schedule, Duration timeout) {
        long waitNanos = Math.max(0, schedule.endNanos() - System.nanoTime()) + timeout.toNanos() + 2_000_000_000L;
        try {
            done.await(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
