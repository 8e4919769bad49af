package dev.tollgate.bench.jmh;

import dev.tollgate.core.observe.GatewayMetrics;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-request metric cost, as Settlement.record pays it: GatewayMetrics.call (request counter, latency and
 * TTFT timers with SLO buckets) and GatewayMetrics.tokens (four token counters, a cost summary), with meters
 * already registered (steady state).
 */
@State(Scope.Thread)
public class MetricsBenchmark {

    @Param({"prometheus", "simple"})
    public String registry;

    private GatewayMetrics metrics;
    private final TokenUsage usage = new TokenUsage(1342, 287, 1024, 64, false);
    private long latency = 812_000_000L;

    @Setup
    public void setUp() {
        MeterRegistry r = "prometheus".equals(registry)
                ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : new SimpleMeterRegistry();
        metrics = new GatewayMetrics(r);
        call();
        tokens();
    }

    @Benchmark
    public void call() {
        latency = (latency + 7_919_000L) % 3_000_000_000L; // spread over the histogram buckets
        metrics.call(Endpoint.CHAT_COMPLETIONS, "gpt-4o-mini", 200, null, latency, latency / 4, true);
    }

    @Benchmark
    public void tokens() {
        metrics.tokens("gpt-4o-mini", "openai", usage, 312_450L);
    }

    /** Both: what one successful metered call costs. */
    @Benchmark
    public void callAndTokens() {
        call();
        tokens();
    }
}
