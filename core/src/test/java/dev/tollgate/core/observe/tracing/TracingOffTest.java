package dev.tollgate.core.observe.tracing;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.MultiMap;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** With tracing off, what the pipeline calls per call and per attempt allocates nothing. */
class TracingOffTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void offHandsOutSharedSpansAndAllocatesNothingPerCall() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        RequestOptions upstream = new RequestOptions();
        TokenUsage usage = new TokenUsage(10, 20, 0, 0, false);
        Tracing tracing = Tracing.OFF;
        assertThat(tracing.start(Endpoint.CHAT_COMPLETIONS, "req_1", headers)).isSameAs(CallSpan.NONE);

        for (int i = 0; i < 20_000; i++) { // warm up: let the JIT compile the loop before it is measured
            oneCall(tracing, headers, upstream, usage);
        }
        long thread = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            oneCall(tracing, headers, upstream, usage);
        }
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
        // the allocation counter itself may account a few bytes; 100,000 calls allocating anything would be ≥ 1.6 MB
        assertThat(allocated).as("bytes allocated by 100,000 untraced calls").isLessThan(1_000);
        assertThat(upstream.getHeaders()).as("nothing is injected upstream").isNull();
    }

    private static void oneCall(Tracing tracing, MultiMap headers, RequestOptions upstream, TokenUsage usage) {
        CallSpan span = tracing.start(Endpoint.CHAT_COMPLETIONS, "req_1", headers);
        span.request("gpt-4o-mini", 100, true);
        AttemptSpan attempt = span.attempt(1, "primary", "openai", "gpt-4o-mini");
        attempt.target("http://127.0.0.1:8080/v1/chat/completions");
        attempt.inject(upstream);
        attempt.status(200);
        attempt.end();
        span.end(200, null, usage, 1_000, false, "gpt-4o-mini", "primary", 1);
    }
}
