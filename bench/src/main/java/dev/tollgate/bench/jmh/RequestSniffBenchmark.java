package dev.tollgate.bench.jmh;

import dev.tollgate.core.openai.ByteView;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.openai.RequestFacts;
import dev.tollgate.core.openai.RequestRewriter;
import dev.tollgate.core.openai.RequestSniffer;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Request decode cost: RequestSniffer (one streaming-parser pass over the whole body) and RequestRewriter
 * (model replaced, stream_options.include_usage inserted), as Pipeline.decode and UpstreamCall.call run them.
 */
@State(Scope.Thread)
public class RequestSniffBenchmark {

    @Param({"1KB", "100KB", "1MB"})
    public String size;

    private final RequestSniffer sniffer = new RequestSniffer();
    private final RequestRewriter rewriter = new RequestRewriter();
    private ByteView body;
    private Buffer received;
    private RequestFacts facts;

    @Setup
    public void setUp() throws MalformedRequestException {
        int target = switch (size) {
            case "1KB" -> 1024;
            case "100KB" -> 100 * 1024;
            case "1MB" -> 1024 * 1024;
            default -> throw new IllegalArgumentException(size);
        };
        received = Buffer.buffer(Fixtures.chatRequest(target));
        body = ByteView.of(received);
        facts = sniffer.sniff(body);
        Buffer out = rewriter.rewrite(body, facts, "gpt-4o-mini-2024-07-18", true);
        String rewritten = out.toString();
        if (!facts.stream() || facts.includeUsage() || !"gpt-4o-mini".equals(facts.model())
                || !rewritten.contains("\"model\":\"gpt-4o-mini-2024-07-18\"")
                || !rewritten.startsWith("{\"stream_options\":{\"include_usage\":true},")) {
            throw new IllegalStateException("fixture not sniffed/rewritten as expected: " + facts);
        }
    }

    /** RequestSniffer.sniff alone. */
    @Benchmark
    public RequestFacts sniff() throws MalformedRequestException {
        return sniffer.sniff(body);
    }

    /** RequestRewriter.rewrite alone: new model, include_usage inserted (metering on, stream). */
    @Benchmark
    public Buffer rewrite() {
        return rewriter.rewrite(body, facts, "gpt-4o-mini-2024-07-18", true);
    }

    /** What a request pays end to end: a view on the received buffer (Pipeline.decode) + sniff + rewrite. */
    @Benchmark
    public Buffer decodeSniffRewrite() throws MalformedRequestException {
        ByteView bytes = ByteView.of(received);
        RequestFacts f = sniffer.sniff(bytes);
        return rewriter.rewrite(bytes, f, "gpt-4o-mini-2024-07-18", true);
    }
}
