package dev.tollgate.core.routing;

import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.spi.Ticker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the gateway knows about one deployment of one model group: its breaker, calls in flight, moving
 * averages of latency, requests sent in the last minute (for its {@code rpm} cap), and which of its
 * provider's keys the upstream rate-limited for it (a 429 is about this model on this account, not about
 * the account's other models). Thread-safe.
 */
public final class DeploymentHealth {

    /** Weight of a new sample in the moving averages: about the last ten calls matter. */
    private static final double ALPHA = 0.2;

    final RoutingPolicy.Breaker policy;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MinuteCounter requests;
    private final MinuteCounter tokens;
    private final Ticker ticker;
    /** Per key position: the ticker value until which the upstream asked us to leave that key alone here. */
    private final AtomicLongArray keyRestingUntil;
    private volatile double ttftNanos = Double.NaN;
    private volatile double totalNanos = Double.NaN;
    private final LatencySamples ttftSamples = new LatencySamples();
    /** Told when a call's slot is freed (the capacity queue grants the next waiter). */
    volatile Runnable onSlotFreed = () -> { };

    DeploymentHealth(RoutingPolicy.Breaker policy, Ticker ticker, int keys) {
        this.policy = policy;
        this.ticker = ticker;
        this.keyRestingUntil = new AtomicLongArray(keys);
        long now = ticker.nanos();
        for (int i = 0; i < keys; i++) {
            keyRestingUntil.set(i, now);
        }
        this.breaker = new CircuitBreaker(policy, ticker);
        this.requests = new MinuteCounter(ticker);
        this.tokens = new MinuteCounter(ticker);
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int requestsLastMinute() {
        return requests.count();
    }

    /** Prompt + completion tokens of the calls settled in the last minute. */
    public long tokensLastMinute() {
        return tokens.total();
    }

    void addTokens(long n) {
        if (n > 0) {
            tokens.add(n);
        }
    }

    /** Moving average of time to first token in nanoseconds; NaN before the first sample. */
    public double ttftNanos() {
        return ttftNanos;
    }

    /** Moving average of the whole call in nanoseconds; NaN before the first sample. */
    public double totalNanos() {
        return totalNanos;
    }

    int keys() {
        return keyRestingUntil.length();
    }

    /** Nanoseconds until the key at that position may be used for this deployment again (0 = now). */
    long keyRestNanos(int keyIndex) {
        return keyIndex < keyRestingUntil.length() ? Math.max(0, keyRestingUntil.get(keyIndex) - ticker.nanos()) : 0;
    }

    void restKey(int keyIndex, long nanos) {
        if (keyIndex < keyRestingUntil.length()) {
            keyRestingUntil.accumulateAndGet(keyIndex, ticker.nanos() + nanos, (a, b) -> b - a > 0 ? b : a);
        }
    }

    void started() {
        inFlight.incrementAndGet();
        requests.add();
    }

    void ended() {
        inFlight.decrementAndGet();
        onSlotFreed.run();
    }

    /** Nanoseconds until the rolling rpm/tpm window lets more through (the oldest counted second leaves it). */
    long nanosUntilWindowRolls() {
        return Math.min(requests.nanosUntilDecrease(), tokens.nanosUntilDecrease());
    }

    // Racing writers may drop a sample; an average over many calls does not mind.
    /** 95th percentile of the recent times to first token; 0 while too few are known. */
    public long ttftP95Nanos() {
        return ttftSamples.percentile(0.95);
    }

    void sampleTtft(long nanos) {
        ttftSamples.add(nanos);
        double old = ttftNanos;
        ttftNanos = Double.isNaN(old) ? nanos : old + ALPHA * (nanos - old);
    }

    void sampleTotal(long nanos) {
        double old = totalNanos;
        totalNanos = Double.isNaN(old) ? nanos : old + ALPHA * (nanos - old);
    }
}
