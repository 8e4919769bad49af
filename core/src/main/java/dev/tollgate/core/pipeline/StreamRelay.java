package dev.tollgate.core.pipeline;

import dev.tollgate.core.openai.SseEventSplitter;
import dev.tollgate.core.openai.SseEvents;
import dev.tollgate.core.openai.UsageScanner;
import dev.tollgate.spi.TokenUsage;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

import java.util.concurrent.TimeoutException;

/**
 * Pipes one upstream event stream to the client. Every event completed by a network chunk is written in
 * the same event-loop turn that chunk arrived in; only an unfinished event tail waits for its next bytes.
 * On the way it reads usage from the event that carries it, keeps the generated text for an estimate in
 * case usage never comes, and drops the usage-only event when the gateway (not the client) asked for it.
 * Back-pressure runs both ways: a slow client pauses the upstream. An upstream silent for longer than the
 * provider's {@code read_timeout_ms} between chunks is treated as failed (a watchdog per stream, checked a
 * few times per timeout period, rather than a timer re-armed on every chunk). Per stream, event-loop only.
 */
final class StreamRelay {

    private final Exchange ex;
    private final HttpServerResponse res;
    private final HttpClientRequest upstreamRequest;
    private final HttpClientResponse upstream;
    private final Settlement settlement;
    private final SseEventSplitter splitter = new SseEventSplitter();
    private final boolean stripUsageChunk;
    /** Without metering there is nothing to read in the stream: network chunks go out as they are. */
    private final boolean metering;
    private final Vertx vertx;
    private Buffer outgoing;
    private CompositeByteBuf gathered;
    private long lastChunkNanos;
    private boolean paused;
    private long watchdog = -1;

    StreamRelay(Exchange ex, HttpServerResponse res, HttpClientRequest upstreamRequest, HttpClientResponse upstream,
                Settlement settlement, Vertx vertx) {
        this.ex = ex;
        this.vertx = vertx;
        this.res = res;
        this.upstreamRequest = upstreamRequest;
        this.upstream = upstream;
        this.settlement = settlement;
        this.metering = ex.active.config().features().metering();
        this.stripUsageChunk = metering && !ex.facts.includeUsage();
        ex.generatedText = metering ? new StringBuilder() : null;
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
        long timeoutMs = ex.provider.readTimeoutMs();
        lastChunkNanos = System.nanoTime();
        watchdog = vertx.setPeriodic(Math.max(50, timeoutMs / 4), id -> {
            if (!paused && System.nanoTime() - lastChunkNanos > timeoutMs * 1_000_000L) {
                onFailure(new TimeoutException("no stream data for " + timeoutMs + " ms"));
            }
        });
    }

    private void onChunk(Buffer chunk) {
        if (ex.finished) {
            return;
        }
        lastChunkNanos = System.nanoTime();
        if (metering) {
            splitter.feed(chunk, this::onEvent);
        } else {
            outgoing = chunk;
        }
        if (outgoing == null) {
            return;
        }
        Buffer out = gathered != null ? BufferInternal.buffer(gathered) : outgoing;
        outgoing = null;
        gathered = null;
        if (ex.firstByteNanos == 0) {
            ex.firstByteNanos = System.nanoTime();
        }
        res.write(out);
        if (res.writeQueueFull()) {
            paused = true;
            upstream.pause();
            res.drainHandler(v -> {
                paused = false;
                lastChunkNanos = System.nanoTime();
                upstream.resume();
            });
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
        if (outgoing == null) {
            outgoing = event;
        } else {
            // several events in one network read: gather them without copying, for one write
            if (gathered == null) {
                gathered = Unpooled.compositeBuffer();
                gathered.addComponent(true, ((BufferInternal) outgoing).getByteBuf());
            }
            gathered.addComponent(true, ((BufferInternal) event).getByteBuf());
        }
    }

    private void onEnd() {
        vertx.cancelTimer(watchdog);
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
        vertx.cancelTimer(watchdog);
        if (ex.finished) {
            return;
        }
        upstreamRequest.reset();
        if (ex.firstByteNanos == 0) {
            // Nothing reached the client yet: it gets a clean error instead of a broken stream.
            boolean timeout = cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout");
            settlement.fail(ex, res, timeout
                    ? GatewayError.timeout("The upstream provider did not answer in time.")
                    : GatewayError.badGateway("The upstream provider broke off the stream."));
        } else {
            settlement.failMidStream(ex, res, "The upstream provider broke off the stream.");
        }
    }
}
