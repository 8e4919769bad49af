package dev.tollgate.core.routing;

import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.spi.Ticker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the gateway knows about one deployment of one model group: its breaker, calls in flight, moving
 * averages of latency, and requests sent in the last minute (for its {@code rpm} cap). Thread-safe.
 */
public final class DeploymentHealth {

    /** Weight of a new sample in the moving averages: about the last ten calls matter. */
    private static final double ALPHA = 0.2;

    final RoutingPolicy.Breaker policy;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MinuteCounter requests;
    private volatile double ttftNanos = Double.NaN;
    private volatile double totalNanos = Double.NaN;

    DeploymentHealth(RoutingPolicy.Breaker policy, Ticker ticker) {
        this.policy = policy;
        this.breaker = new CircuitBreaker(policy, ticker);
        this.requests = new MinuteCounter(ticker);
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

    /** Moving average of time to first token in nanoseconds; NaN before the first sample. */
    public double ttftNanos() {
        return ttftNanos;
    }

    /** Moving average of the whole call in nanoseconds; NaN before the first sample. */
    public double totalNanos() {
        return totalNanos;
    }

    void started() {
        inFlight.incrementAndGet();
        requests.add();
    }

    void ended() {
        inFlight.decrementAndGet();
    }

    // Racing writers may drop a sample; an average over many calls does not mind.
    void sampleTtft(long nanos) {
        double old = ttftNanos;
        ttftNanos = Double.isNaN(old) ? nanos : old + ALPHA * (nanos - old);
    }

    void sampleTotal(long nanos) {
        double old = totalNanos;
        totalNanos = Double.isNaN(old) ? nanos : old + ALPHA * (nanos - old);
    }
}
