package dev.tollgate.core.routing;

import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.spi.Ticker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A circuit breaker for one deployment. Closed, it counts outcomes in a sliding window of one-second buckets
 * and trips when the failure share reaches {@code failure_rate} over at least {@code min_calls} calls, or after
 * {@code consecutive_failures} in a row. Open, it refuses calls until its cooldown ends (an upstream
 * {@code Retry-After} can lengthen it), then lets {@code half_open_probes} calls through: one success closes it,
 * a failure opens it again.
 *
 * <p>Thread-safe and lock-free: event loops of every core report into it. Counting is approximate under races
 * (a bucket rolled over by one thread while another counts into it may lose that count), which a breaker
 * tolerates; state changes are compare-and-set.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** What a call got from {@link #tryAcquire()}; hand it back with the outcome. */
    public enum Permit { DENIED, NORMAL, PROBE }

    private static final long SECOND = 1_000_000_000L;

    private final RoutingPolicy.Breaker config;
    private final Ticker ticker;
    private final AtomicLongArray bucketSecond;
    private final AtomicLongArray bucketCalls;
    private final AtomicLongArray bucketFailures;
    private final AtomicInteger state = new AtomicInteger(State.CLOSED.ordinal());
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long openUntilNanos;
    /** Told (with the cooldown in nanoseconds) when this breaker opens by its own judgement; not for remote opens. */
    private volatile java.util.function.LongConsumer onOpened = forNanos -> { };

    public CircuitBreaker(RoutingPolicy.Breaker config, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
        int n = config.windowSeconds();
        this.bucketSecond = new AtomicLongArray(n);
        this.bucketCalls = new AtomicLongArray(n);
        this.bucketFailures = new AtomicLongArray(n);
        for (int i = 0; i < n; i++) {
            bucketSecond.set(i, Long.MIN_VALUE);
        }
    }

    public State state() {
        State s = State.values()[state.get()];
        return s == State.OPEN && ticker.nanos() >= openUntilNanos ? State.HALF_OPEN : s;
    }

    /** Whether a call could be let through now; does not take a permit. */
    public boolean isAvailable() {
        return switch (state()) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> probes.get() < config.halfOpenProbes();
        };
    }

    /** Nanoseconds until an open breaker lets a probe through (0 when it would now). */
    public long nanosUntilAvailable() {
        return state.get() == State.OPEN.ordinal() ? Math.max(0, openUntilNanos - ticker.nanos()) : 0;
    }

    public Permit tryAcquire() {
        if (state.get() == State.CLOSED.ordinal()) {
            return Permit.NORMAL;
        }
        if (state.get() == State.OPEN.ordinal()) {
            if (ticker.nanos() < openUntilNanos) {
                return Permit.DENIED;
            }
            state.compareAndSet(State.OPEN.ordinal(), State.HALF_OPEN.ordinal());
        }
        while (true) {
            int taken = probes.get();
            if (taken >= config.halfOpenProbes()) {
                return Permit.DENIED;
            }
            if (probes.compareAndSet(taken, taken + 1)) {
                return Permit.PROBE;
            }
        }
    }

    public void onSuccess(Permit permit) {
        if (permit == Permit.PROBE) {
            probes.decrementAndGet();
            if (state.compareAndSet(State.HALF_OPEN.ordinal(), State.CLOSED.ordinal())) {
                clearWindow();
            }
            consecutiveFailures.set(0);
            return;
        }
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        record(false);
    }

    public void onFailure(Permit permit) {
        if (permit == Permit.PROBE) {
            probes.decrementAndGet();
            open(config.cooldownMs() * 1_000_000L);
            return;
        }
        int inARow = consecutiveFailures.incrementAndGet();
        record(true);
        long[] window = window();
        boolean rateTripped = window[0] >= config.minCalls() && window[1] >= config.failureRate() * window[0];
        if (inARow >= config.consecutiveFailures() || rateTripped) {
            open(config.cooldownMs() * 1_000_000L);
        }
    }

    /** A call that ended with no verdict on the upstream (the client left): gives back a probe permit. */
    public void release(Permit permit) {
        if (permit == Permit.PROBE) {
            probes.decrementAndGet();
        }
    }

    /** The upstream asked for a pause (e.g. 503 with Retry-After): stay open at least that long. */
    public void openFor(long nanos) {
        open(Math.max(nanos, 0));
    }

    /**
     * Who hears that this breaker opened on its own verdict (a cluster shares it with the other nodes). Called on
     * the reporting thread, an event loop: it must not block.
     */
    public void onOpened(java.util.function.LongConsumer listener) {
        this.onOpened = listener;
    }

    /**
     * Another node's breaker for this deployment opened: a closed breaker here opens for {@code forNanos} without
     * a verdict of its own (and without announcing it). One that is already open or probing is left alone: this
     * node's own probes decide when it closes.
     */
    public void openedElsewhere(long forNanos) {
        if (state.get() == State.CLOSED.ordinal()) {
            openUntilNanos = ticker.nanos() + Math.max(forNanos, 0);
            if (state.compareAndSet(State.CLOSED.ordinal(), State.OPEN.ordinal())) {
                consecutiveFailures.set(0);
                clearWindow();
            }
        }
    }

    private void open(long forNanos) {
        long until = ticker.nanos() + forNanos;
        if (until > openUntilNanos || state.get() != State.OPEN.ordinal()) {
            openUntilNanos = until;
        }
        int was = state.getAndSet(State.OPEN.ordinal());
        consecutiveFailures.set(0);
        clearWindow();
        if (was != State.OPEN.ordinal()) {
            onOpened.accept(forNanos);
        }
    }

    /** Counts one call into the current second's bucket. */
    private void record(boolean failure) {
        long second = ticker.nanos() / SECOND;
        int n = bucketSecond.length();
        int i = (int) Math.floorMod(second, n);
        long seen = bucketSecond.get(i);
        if (seen != second && bucketSecond.compareAndSet(i, seen, second)) {
            bucketCalls.set(i, 0);
            bucketFailures.set(i, 0);
        }
        bucketCalls.incrementAndGet(i);
        if (failure) {
            bucketFailures.incrementAndGet(i);
        }
    }

    /** {calls, failures} over the window; only failures need it, so a success costs one bucket update. */
    private long[] window() {
        long second = ticker.nanos() / SECOND;
        int n = bucketSecond.length();
        long calls = 0;
        long failures = 0;
        for (int b = 0; b < n; b++) {
            long s = bucketSecond.get(b);
            if (s != Long.MIN_VALUE && second - s < n) {
                calls += bucketCalls.get(b);
                failures += bucketFailures.get(b);
            }
        }
        return new long[] {calls, failures};
    }

    private void clearWindow() {
        for (int b = 0; b < bucketSecond.length(); b++) {
            bucketSecond.set(b, Long.MIN_VALUE);
        }
    }
}
