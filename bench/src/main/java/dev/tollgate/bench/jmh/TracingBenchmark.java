package dev.tollgate.bench.jmh;

import dev.tollgate.core.observe.tracing.AttemptSpan;
import dev.tollgate.core.observe.tracing.CallSpan;
import dev.tollgate.core.observe.tracing.OtelTracing;
import dev.tollgate.core.observe.tracing.Tracing;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.MultiMap;
import io.vertx.core.http.RequestOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;

/**
 * What tracing adds to one single-attempt call on the event loop: the span calls the pipeline makes (start with an
 * incoming traceparent, request facts, one attempt with target, traceparent injection and status, both ends).
 * {@code off}: Tracing.OFF; {@code sampled}: the OpenTelemetry SDK keeping every trace (export batched to a
 * collector address nothing listens on, so the SDK's thread drops them); {@code unsampled}: sample_ratio 0.
 */
@State(Scope.Thread)
public class TracingBenchmark {

    @Param({"off", "sampled", "unsampled"})
    public String mode;

    private Tracing tracing;
    private MultiMap headers;
    private final TokenUsage usage = new TokenUsage(120, 40, 0, 0, false);

    @Setup
    public void setUp() {
        tracing = switch (mode) {
            case "off" -> Tracing.OFF;
            case "sampled" -> new OtelTracing("http://127.0.0.1:9", 1.0, Map.of(), "bench", 1_000);
            case "unsampled" -> new OtelTracing("http://127.0.0.1:9", 0.0, Map.of(), "bench", 1_000);
            default -> throw new IllegalArgumentException(mode);
        };
        headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");
    }

    @TearDown
    public void tearDown() {
        tracing.close();
    }

    @Benchmark
    public RequestOptions call() {
        RequestOptions upstream = new RequestOptions();
        CallSpan span = tracing.start(Endpoint.CHAT_COMPLETIONS, "req_0123456789abcdef", headers);
        span.request("gpt-4o-mini", 256, true);
        AttemptSpan attempt = span.attempt(1, "primary", "openai", "gpt-4o-mini");
        attempt.target("https://api.openai.com/v1/chat/completions");
        attempt.inject(upstream);
        attempt.status(200);
        attempt.end();
        span.end(200, null, usage, 123_456, false, "gpt-4o-mini", "primary", 1);
        return upstream;
    }
}
