package dev.tollgate.core.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Rate-limit meters: refusals by scope and kind, and calls decided without the shared state by policy. */
public final class LimitMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> refused = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> unavailable = new ConcurrentHashMap<>();

    public LimitMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static LimitMetrics discard() {
        return new LimitMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    void refused(Limit limit) {
        String key = limit.scope() + '/' + limit.suffix();
        refused.computeIfAbsent(key, k -> Counter.builder("tollgate_limit_refusals")
                .description("Calls refused by a rate limit")
                .tag("scope", limit.scope()).tag("limit", limit.suffix()).register(registry)).increment();
    }

    void unavailable(String policy) {
        unavailable.computeIfAbsent(policy, p -> Counter.builder("tollgate_limit_state_unavailable")
                .description("Calls whose limits were decided without the shared state (Redis unreachable), by "
                        + "limits.on_state_unavailable")
                .tag("policy", p).register(registry)).increment();
    }
}
