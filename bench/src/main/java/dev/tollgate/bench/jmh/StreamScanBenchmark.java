package dev.tollgate.bench.jmh;

import dev.tollgate.core.openai.SseEventSplitter;
import dev.tollgate.core.openai.SseEvents;
import dev.tollgate.core.openai.UsageScanner;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;

/**
 * Per-chunk work of StreamRelay with metering on: SseEventSplitter.feed, then for each event what
 * StreamRelay.onEvent does (data extraction, usage check, usage parse or generated-text extraction,
 * usage-only stripping, outgoing concatenation). The relay logic is copied here because StreamRelay is
 * package-private and bound to live Vert.x requests; keep {@link Relay#onEvent} in step with it.
 * The {@code part*} benchmarks split the cost into its steps.
 */
@State(Scope.Thread)
public class StreamScanBenchmark {

    private static final int BURST = 8;

    /** StreamRelay's per-stream state and onChunk/onEvent, minus the network writes. */
    static final class Relay {
        final SseEventSplitter splitter = new SseEventSplitter();
        final boolean stripUsageChunk = true; // the gateway, not the client, asked for usage
        final StringBuilder generatedText = new StringBuilder();
        TokenUsage usage;
        Buffer outgoing;

        Buffer onChunk(Buffer chunk) {
            splitter.feed(chunk, this::onEvent);
            Buffer out = outgoing;
            outgoing = null;
            if (generatedText.length() > 64 * 1024) {
                generatedText.setLength(0); // a long answer, not an ever-growing one
            }
            return out;
        }

        private void onEvent(Buffer event) {
            Buffer data = SseEvents.data(event);
            if (data != null && !SseEvents.isDone(data)) {
                if (UsageScanner.mayCarryUsage(data)) {
                    TokenUsage u = UsageScanner.usage(data);
                    if (u != null) {
                        usage = u;
                    }
                    if (stripUsageChunk && UsageScanner.isUsageOnlyChunk(data)) {
                        return;
                    }
                } else {
                    UsageScanner.appendGeneratedText(data, generatedText);
                }
            }
            outgoing = outgoing == null ? event : Buffer.buffer(outgoing.length() + event.length())
                    .appendBuffer(outgoing).appendBuffer(event);
        }
    }

    private Relay relay;
    private Buffer contentChunk;
    private Buffer usageChunk;
    private Buffer burstChunk;
    private Buffer contentData;
    private Buffer usageData;
    private final SseEventSplitter splitter = new SseEventSplitter();
    private final StringBuilder text = new StringBuilder();

    @Setup
    public void setUp() {
        relay = new Relay();
        contentChunk = Buffer.buffer(Fixtures.CONTENT_EVENT.getBytes(StandardCharsets.UTF_8));
        usageChunk = Buffer.buffer(Fixtures.USAGE_EVENT.getBytes(StandardCharsets.UTF_8));
        burstChunk = Buffer.buffer(Fixtures.CONTENT_EVENT.repeat(BURST).getBytes(StandardCharsets.UTF_8));
        contentData = SseEvents.data(contentChunk);
        usageData = SseEvents.data(usageChunk);
        if (relay.onChunk(contentChunk) == null || relay.onChunk(usageChunk) != null || relay.usage == null
                || relay.usage.promptTokens() != 1342 || !relay.generatedText.toString().equals(" the ingress")
                || relay.onChunk(burstChunk).length() != burstChunk.length()) {
            throw new IllegalStateException("relay model does not behave like StreamRelay");
        }
    }

    /** One network chunk holding one content event (~250 B): the common case. */
    @Benchmark
    public Buffer relayContentChunk() {
        return relay.onChunk(contentChunk);
    }

    /** The final usage-only chunk: usage parsed, chunk stripped. Once per stream. */
    @Benchmark
    public Buffer relayUsageChunk() {
        return relay.onChunk(usageChunk);
    }

    /** A network chunk holding 8 content events (fast upstream); reported per event. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public Buffer relayBurstChunkPerEvent() {
        return relay.onChunk(burstChunk);
    }

    @Benchmark
    public void partSplit(Blackhole bh) {
        splitter.feed(contentChunk, bh::consume);
    }

    @Benchmark
    public Buffer partData() {
        return SseEvents.data(contentChunk);
    }

    @Benchmark
    public boolean partMayCarryUsage() {
        return UsageScanner.mayCarryUsage(contentData);
    }

    @Benchmark
    public int partAppendGeneratedText() {
        text.setLength(0);
        UsageScanner.appendGeneratedText(contentData, text);
        return text.length();
    }

    @Benchmark
    public TokenUsage partUsageParse() {
        return UsageScanner.usage(usageData);
    }

    @Benchmark
    public boolean partIsUsageOnlyChunk() {
        return UsageScanner.isUsageOnlyChunk(usageData);
    }
}
