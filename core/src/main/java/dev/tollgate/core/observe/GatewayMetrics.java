package dev.tollgate.core.observe;

import dev.tollgate.core.routing.DeploymentHealth;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.core.booking.UsageBooker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's Prometheus metrics. Labels are bounded and never secret: endpoint, model group (as
 * configured, so a client cannot mint new label values with made-up names), provider name, status
 * class, error type. Meters are cached per label set so a request costs map lookups, not registrations.
 * Thread-safe.
 */
public final class GatewayMetrics {

    private static final Duration[] LATENCY_BUCKETS = buckets(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1, 2.5, 5, 10, 30, 60, 120);

    /** Cache keys: records, so a lookup costs a hash of fields already hashed, not a string concatenation. */
    private record CallKey(Endpoint endpoint, String model, int status, String error) {
    }

    private record LatencyKey(Endpoint endpoint, String model, boolean stream) {
    }

    private record TokenKey(String model, String provider, String kind) {
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<CallKey, Counter> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<LatencyKey, Timer> latencies = new ConcurrentHashMap<>();
    private final ConcurrentMap<LatencyKey, Timer> ttfts = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, Counter> tokenCounters = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, DistributionSummary> costs = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, Counter> upstreamErrors = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, Counter> routing = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, Counter> guardrailVerdicts = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, Timer> guardrailDurations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> chunkGaps = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, Counter> teamTokens = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, Counter> teamCosts = new ConcurrentHashMap<>();

    private static final Duration[] GAP_BUCKETS = buckets(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1, 2.5, 5, 10);

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One finished client call. {@code model} must be a configured group name or "unknown". */
    public void call(Endpoint endpoint, String model, int status, String errorType, long latencyNanos,
                     long ttftNanos, boolean stream) {
        calls.computeIfAbsent(new CallKey(endpoint, model, status, errorType), k -> Counter
                .builder("tollgate_requests").description("Client calls by endpoint, model, status and error type")
                .tag("endpoint", name(k.endpoint())).tag("model", k.model())
                .tag("status", Integer.toString(k.status())).tag("status_class", (k.status() / 100) + "xx")
                .tag("error_type", k.error() == null ? "none" : k.error()).register(registry)).increment();
        LatencyKey key = new LatencyKey(endpoint, model, stream);
        latencies.computeIfAbsent(key, k -> Timer.builder("tollgate_request_duration")
                .description("Time from request received to response complete")
                .tag("endpoint", name(k.endpoint())).tag("model", k.model()).tag("stream", Boolean.toString(k.stream()))
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry))
                .record(latencyNanos, TimeUnit.NANOSECONDS);
        if (ttftNanos > 0) {
            ttfts.computeIfAbsent(key, k -> Timer.builder("tollgate_time_to_first_token")
                    .description("Time from request received to the first byte of the answer sent to the client")
                    .tag("endpoint", name(k.endpoint())).tag("model", k.model()).tag("stream", Boolean.toString(k.stream()))
                    .serviceLevelObjectives(LATENCY_BUCKETS).register(registry))
                    .record(ttftNanos, TimeUnit.NANOSECONDS);
        }
    }

    public void tokens(String model, String provider, TokenUsage usage, long costNanoUsd) {
        count(model, provider, "prompt", usage.promptTokens() - usage.cachedTokens() - usage.cacheWriteTokens());
        count(model, provider, "cached", usage.cachedTokens());
        count(model, provider, "cache_write", usage.cacheWriteTokens());
        count(model, provider, "completion", usage.completionTokens() - usage.reasoningTokens());
        count(model, provider, "reasoning", usage.reasoningTokens());
        costs.computeIfAbsent(new TokenKey(model, provider, "cost"), k -> DistributionSummary.builder("tollgate_cost_usd")
                .description("Cost of calls in USD").baseUnit("usd").tag("model", k.model()).tag("provider", k.provider())
                .register(registry)).record(costNanoUsd / 1e9);
    }

    private void count(String model, String provider, String kind, long n) {
        if (n <= 0) {
            return;
        }
        tokenCounters.computeIfAbsent(new TokenKey(model, provider, kind), k -> Counter.builder("tollgate_tokens")
                .description("Tokens metered, by kind (prompt excludes cached and cache_write; completion excludes reasoning)")
                .tag("model", k.model()).tag("provider", k.provider()).tag("kind", k.kind()).register(registry))
                .increment(n);
    }

    /**
     * One guardrail verdict. Labels are configured names and fixed words only: {@code guardrail} (its configured
     * name), {@code hook} (pre, post), {@code decision} (allow, block, mutate, error_open, error_closed).
     */
    public void guardrail(String guardrail, String hook, String decision, long nanos) {
        guardrailVerdicts.computeIfAbsent(new TokenKey(guardrail, hook, decision), k -> Counter
                .builder("tollgate_guardrail_verdicts")
                .description("Guardrail verdicts by guardrail, hook and decision")
                .tag("guardrail", k.model()).tag("hook", k.provider()).tag("decision", k.kind()).register(registry))
                .increment();
        guardrailDurations.computeIfAbsent(new TokenKey(guardrail, hook, null), k -> Timer
                .builder("tollgate_guardrail_duration")
                .description("Time to a guardrail's verdict")
                .tag("guardrail", k.model()).tag("hook", k.provider())
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * The timer of gaps between consecutive chunks of streamed answers for a model group; looked up once per stream
     * and recorded per chunk.
     */
    public Timer interChunkGap(String model) {
        return chunkGaps.computeIfAbsent(model, m -> Timer.builder("tollgate_stream_chunk_gap")
                .description("Time between consecutive chunks of a streamed answer, as they arrive from upstream")
                .tag("model", m).serviceLevelObjectives(GAP_BUCKETS).register(registry));
    }

    /**
     * Tokens and cost of a finished call by model group and team. Team ids are created by administrators, so the
     * label stays bounded; calls of keys without a team count under {@code none}. Never key ids or client input.
     */
    public void team(String model, String team, TokenUsage usage, long costNanoUsd) {
        String t = team == null ? "none" : team;
        teamCount(model, t, "input", usage.promptTokens());
        teamCount(model, t, "output", usage.completionTokens());
        if (costNanoUsd > 0) {
            teamCosts.computeIfAbsent(new TokenKey(model, t, null), k -> Counter.builder("tollgate_team_cost_usd")
                    .description("Cost of calls in USD by model group and team").baseUnit("usd")
                    .tag("model", k.model()).tag("team", k.provider()).register(registry)).increment(costNanoUsd / 1e9);
        }
    }

    private void teamCount(String model, String team, String direction, long n) {
        if (n <= 0) {
            return;
        }
        teamTokens.computeIfAbsent(new TokenKey(model, team, direction), k -> Counter.builder("tollgate_team_tokens")
                .description("Tokens by model group, team and direction (input, output)")
                .tag("model", k.model()).tag("team", k.provider()).tag("direction", k.kind()).register(registry))
                .increment(n);
    }

    public void upstreamError(String provider, String kind) {
        upstreamErrors.computeIfAbsent(new TokenKey(null, provider, kind), k -> Counter.builder("tollgate_upstream_errors")
                .description("Failed upstream attempts by provider and kind")
                .tag("provider", k.provider()).tag("kind", k.kind()).register(registry)).increment();
    }

    /**
     * How a finished call was routed: upstream attempts beyond the first, a fallback group that served it,
     * a hedge raced.
     */
    public void routed(String model, int attempts, String fallbackGroup, boolean hedged) {
        if (attempts > 1) {
            routingCounter(model, "retry", "tollgate_upstream_retries", "Upstream attempts beyond a call's first")
                    .increment(attempts - 1);
        }
        if (fallbackGroup != null) {
            routing.computeIfAbsent(new TokenKey(model, fallbackGroup, "fallback"), k -> Counter
                    .builder("tollgate_fallbacks").description("Calls served by a fallback model group")
                    .tag("model", k.model()).tag("fallback", k.provider()).register(registry)).increment();
        }
        if (hedged) {
            routingCounter(model, "hedge", "tollgate_hedges", "Calls that raced a second deployment").increment();
        }
    }

    private Counter routingCounter(String model, String kind, String name, String description) {
        return routing.computeIfAbsent(new TokenKey(model, null, kind), k -> Counter.builder(name)
                .description(description).tag("model", k.model()).register(registry));
    }

    /**
     * Gauges of one deployment's health, read at scrape time: breaker state (0 closed, 1 half-open, 2 open)
     * and calls in flight. {@code health} looks the deployment up afresh, so a replaced record is followed.
     */
    public void deployment(String model, String deployment, java.util.function.Supplier<DeploymentHealth> health) {
        io.micrometer.core.instrument.Gauge.builder("tollgate_breaker_state", () -> {
            DeploymentHealth h = health.get();
            return h == null ? 0 : switch (h.breaker().state()) {
                case CLOSED -> 0;
                case HALF_OPEN -> 1;
                case OPEN -> 2;
            };
        }).description("Circuit breaker per deployment: 0 closed, 1 half-open, 2 open")
                .tag("model", model).tag("deployment", deployment).register(registry);
        io.micrometer.core.instrument.Gauge.builder("tollgate_deployment_in_flight", () -> {
            DeploymentHealth h = health.get();
            return h == null ? 0 : h.inFlight();
        }).description("Upstream calls in flight per deployment")
                .tag("model", model).tag("deployment", deployment).register(registry);
    }

    private static String name(Endpoint endpoint) {
        return endpoint == null ? "none" : endpoint.name().toLowerCase(Locale.ROOT);
    }

    private static Duration[] buckets(double... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofNanos((long) (seconds[i] * 1e9));
        }
        return out;
    }

    /**
     * The usage spool and booking, read at scrape time: what waits to be booked (events, bytes, the oldest one's
     * age), the spool's size on disk and whether it is full, and the totals booked, failed and not spooled.
     */
    public void usageBooking(UsageBooker booker) {
        Gauge.builder("tollgate_usage_pending", booker, UsageBooker::pending)
                .description("Usage events waiting to be booked (spooled or held in memory)").register(registry);
        Gauge.builder("tollgate_usage_spool_pending_events", booker, UsageBooker::pendingSpooledEvents)
                .description("Usage events in the spool not yet booked").register(registry);
        Gauge.builder("tollgate_usage_spool_pending_bytes", booker, UsageBooker::pendingSpooledBytes)
                .description("Bytes of spooled usage records not yet booked").baseUnit("bytes").register(registry);
        Gauge.builder("tollgate_usage_spool_disk_bytes", booker, UsageBooker::spoolDiskBytes)
                .description("Size of the usage spool's segment files (what usage.spool_max_bytes caps)")
                .baseUnit("bytes").register(registry);
        Gauge.builder("tollgate_usage_spool_oldest_pending_age_seconds", booker, UsageBooker::oldestPendingAgeSeconds)
                .description("Age of the oldest spooled usage event not yet booked; 0 when none waits")
                .register(registry);
        Gauge.builder("tollgate_usage_spool_full", booker, b -> b.spoolFull() ? 1 : 0)
                .description("1 while the usage spool cannot take events (at its cap or after a failed write)")
                .register(registry);
        FunctionCounter.builder("tollgate_usage_booked", booker, UsageBooker::booked)
                .description("Usage events booked into the database by this process").register(registry);
        FunctionCounter.builder("tollgate_usage_booking_failures", booker, UsageBooker::failedBatches)
                .description("Usage batches whose booking failed (each is retried)").register(registry);
        FunctionCounter.builder("tollgate_usage_rejected", booker, UsageBooker::rejected)
                .description("Usage events the database refused while it booked others; skipped and logged")
                .register(registry);
        FunctionCounter.builder("tollgate_usage_spool_write_failures", booker, UsageBooker::spoolWriteFailures)
                .description("Writes to the usage spool that failed (e.g. no space left)").register(registry);
        FunctionCounter.builder("tollgate_usage_unspooled", booker, UsageBooker::unspooled)
                .description("Usage events kept in memory instead of the spool because it was full (fail_open)")
                .register(registry);
        FunctionCounter.builder("tollgate_usage_dropped", booker, UsageBooker::dropped)
                .description("Usage events lost: the spool and the in-memory queue were both full").register(registry);
    }
}
