package dev.tollgate.core.limits;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Limit counters in this process: the embedded gateway's state, and a cluster node's approximate fallback while
 * Redis cannot be reached. One lock; a call's check-and-take is a handful of array reads.
 */
public final class InProcessLimitState implements LimitState {

    /** Idle windows and expired leases are swept this often, so counters of keys no longer used go away. */
    private static final long SWEEP_MS = 60_000;

    private final Clock clock;
    private final Map<String, SlidingWindow> windows = new HashMap<>();
    /** Per concurrency counter: lease id → expiry (epoch ms). */
    private final Map<String, Map<String, Long>> leases = new HashMap<>();
    private long nextSweep;

    public InProcessLimitState(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Future<Outcome> acquire(List<Limit> limits, long tokens, String leaseId, long leaseMs) {
        long now = clock.millis();
        sweep(now);
        int n = limits.size();
        long[] remaining = new long[n];
        long[] reset = new long[n];
        for (int i = 0; i < n; i++) {
            Limit l = limits.get(i);
            if (l.kind() == Limit.Kind.CONCURRENCY) {
                Map<String, Long> held = leasesOf(l, now);
                remaining[i] = l.max() - held.size();
                if (held.size() + 1 > l.max()) {
                    return Future.succeededFuture(new Outcome(i, 1_000, now, remaining, reset));
                }
                continue;
            }
            SlidingWindow w = window(l);
            long amount = l.kind() == Limit.Kind.TOKENS ? tokens : 1;
            long used = w.sum(now);
            remaining[i] = Math.max(0, l.max() - used);
            reset[i] = w.resetMs(now);
            if (used + amount > l.max()) {
                long retry = amount > l.max() ? l.periodMs() : w.msUntilFreed(now, used + amount - l.max());
                return Future.succeededFuture(new Outcome(i, retry, now, remaining, reset));
            }
        }
        for (int i = 0; i < n; i++) {
            Limit l = limits.get(i);
            if (l.kind() == Limit.Kind.CONCURRENCY) {
                leasesOf(l, now).put(leaseId, now + leaseMs);
                remaining[i]--;
            } else {
                long amount = l.kind() == Limit.Kind.TOKENS ? tokens : 1;
                SlidingWindow w = window(l);
                w.add(now, amount);
                remaining[i] = Math.max(0, remaining[i] - amount);
                reset[i] = w.resetMs(now);
            }
        }
        return Future.succeededFuture(new Outcome(-1, 0, now, remaining, reset));
    }

    @Override
    public synchronized Future<Void> settle(List<Limit> limits, long atMs, long tokenDelta, String leaseId) {
        long now = clock.millis();
        for (Limit l : limits) {
            if (l.kind() == Limit.Kind.CONCURRENCY) {
                Map<String, Long> held = leases.get(l.counter());
                if (held != null) {
                    held.remove(leaseId);
                }
            } else if (l.kind() == Limit.Kind.TOKENS && tokenDelta != 0) {
                SlidingWindow w = windows.get(l.counter());
                if (w != null) {
                    w.correct(atMs, now, tokenDelta);
                }
            }
        }
        return Future.succeededFuture();
    }

    private SlidingWindow window(Limit l) {
        return windows.computeIfAbsent(l.counter(), k -> new SlidingWindow(l.bucketMs(), l.buckets()));
    }

    /** The lease set with expired leases (a node that crashed mid-call) dropped. */
    private Map<String, Long> leasesOf(Limit l, long now) {
        Map<String, Long> held = leases.computeIfAbsent(l.counter(), k -> new HashMap<>());
        held.values().removeIf(expiry -> expiry <= now);
        return held;
    }

    private void sweep(long now) {
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + SWEEP_MS;
        windows.values().removeIf(w -> w.idle(now));
        for (Iterator<Map<String, Long>> it = leases.values().iterator(); it.hasNext(); ) {
            Map<String, Long> held = it.next();
            held.values().removeIf(expiry -> expiry <= now);
            if (held.isEmpty()) {
                it.remove();
            }
        }
    }

    @Override
    public String describe() {
        return "in-process";
    }

    @Override
    public void close() {
    }
}
