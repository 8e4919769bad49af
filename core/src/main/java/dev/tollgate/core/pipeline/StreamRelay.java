package dev.tollgate.core.pipeline;

import dev.tollgate.core.openai.SseEventSplitter;
import dev.tollgate.core.openai.SseEvents;
import dev.tollgate.core.openai.UsageScanner;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;

/**
 * Pipes one upstream event stream to the client. Every event completed by a network chunk is written in
 * the same event-loop turn that chunk arrived in; only an unfinished event tail waits for its next bytes.
 * On the way it reads usage from the event that carries it, keeps the generated text for an estimate in
 * case usage never comes, and drops the usage-only event when the gateway (not the client) asked for it.
 * Back-pressure runs both ways: a slow client pauses the upstream. Per stream, event-loop only.
 */
final class StreamRelay {

    private final Exchange ex;
    private final HttpServerResponse res;
    private final HttpClientRequest upstreamRequest;
    private final HttpClientResponse upstream;
    private final Settlement settlement;
    private final SseEventSplitter splitter = new SseEventSplitter();
    private final boolean stripUsageChunk;
    private Buffer outgoing;

    StreamRelay(Exchange ex, HttpServerResponse res, HttpClientRequest upstreamRequest, HttpClientResponse upstream,
                Settlement settlement) {
        this.ex = ex;
        this.res = res;
        this.upstreamRequest = upstreamRequest;
        this.upstream = upstream;
        this.settlement = settlement;
        this.stripUsageChunk = !ex.facts.includeUsage();
        ex.generatedText = new StringBuilder();
    }

    void start() {
        res.setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
        upstream.handler(this::onChunk);
        upstream.endHandler(v -> onEnd());
        upstream.exceptionHandler(this::onFailure);
    }

    private void onChunk(Buffer chunk) {
        if (ex.finished) {
            return;
        }
        splitter.feed(chunk, this::onEvent);
        if (outgoing == null) {
            return;
        }
        Buffer out = outgoing;
        outgoing = null;
        if (ex.firstByteNanos == 0) {
            ex.firstByteNanos = System.nanoTime();
        }
        res.write(out);
        if (res.writeQueueFull()) {
            upstream.pause();
            res.drainHandler(v -> upstream.resume());
        }
    }

    private void onEvent(Buffer event) {
        Buffer data = SseEvents.data(event);
        if (data != null && !SseEvents.isDone(data)) {
            if (UsageScanner.mayCarryUsage(data)) {
                TokenUsage usage = UsageScanner.usage(data);
                if (usage != null) {
                    ex.usage = usage;
                }
                if (stripUsageChunk && UsageScanner.isUsageOnlyChunk(data)) {
                    return;
                }
            } else {
                UsageScanner.appendGeneratedText(data, ex.generatedText);
            }
        }
        outgoing = outgoing == null ? event : Buffer.buffer(outgoing.length() + event.length())
                .appendBuffer(outgoing).appendBuffer(event);
    }

    private void onEnd() {
        if (ex.finished) {
            return;
        }
        Buffer tail = splitter.drainPending();
        if (ex.firstByteNanos == 0) {
            ex.firstByteNanos = System.nanoTime();
        }
        if (tail != null) {
            res.end(tail);
        } else {
            res.end();
        }
        settlement.succeed(ex, 200);
    }

    private void onFailure(Throwable cause) {
        if (ex.finished) {
            return;
        }
        upstreamRequest.reset();
        if (ex.firstByteNanos == 0) {
            // Nothing reached the client yet: it gets a clean error instead of a broken stream.
            boolean timeout = cause.getClass().getSimpleName().contains("Timeout");
            settlement.fail(ex, res, timeout
                    ? GatewayError.timeout("The upstream provider did not answer in time.")
                    : GatewayError.badGateway("The upstream provider broke off the stream."));
        } else {
            settlement.failMidStream(ex, res, "The upstream provider broke off the stream.");
        }
    }
}
