package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.core.openai.SseEventSplitter;
import dev.tollgate.core.routing.Route;
import dev.tollgate.spi.provider.TranslationException;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

import java.util.concurrent.TimeoutException;

/**
 * Pipes one upstream event stream to the client. Every event completed by a network chunk is handed to
 * the {@link StreamTransform} and what it returns is written in the same event-loop turn that chunk
 * arrived in; only an unfinished event tail waits for its next bytes. Without a transform (metering off,
 * same format) network chunks go out as they are. Back-pressure runs both ways: a slow client pauses the
 * upstream. An upstream silent for longer than the provider's {@code read_timeout_ms} between chunks is
 * treated as failed (a watchdog per stream, checked a few times per timeout period, rather than a timer
 * re-armed on every chunk). Per stream, event-loop only.
 */
final class StreamRelay {

    private final Exchange ex;
    private final HttpServerResponse res;
    private final Attempt attempt;
    private final HttpClientResponse upstream;
    private final Settlement settlement;
    private final StreamTransform transform;
    private final Vertx vertx;
    private final SseEventSplitter splitter = new SseEventSplitter();
    private Buffer outgoing;
    private CompositeByteBuf gathered;
    private long lastChunkNanos;
    private boolean paused;
    private long watchdog = -1;
    /** Gaps between upstream chunks, or null with metrics off. */
    private final io.micrometer.core.instrument.Timer chunkGaps;

    /** @param transform null to relay network chunks untouched */
    StreamRelay(Exchange ex, HttpServerResponse res, Attempt attempt, HttpClientResponse upstream,
                Settlement settlement, StreamTransform transform, Vertx vertx,
                io.micrometer.core.instrument.Timer chunkGaps) {
        this.chunkGaps = chunkGaps;
        this.ex = ex;
        this.res = res;
        this.attempt = attempt;
        this.upstream = upstream;
        this.settlement = settlement;
        this.transform = transform;
        this.vertx = vertx;
    }

    void start() {
        upstream.handler(this::onChunk);
        upstream.endHandler(v -> onEnd());
        upstream.exceptionHandler(this::onFailure);
        long timeoutMs = attempt.idleTimeoutMs();
        lastChunkNanos = System.nanoTime();
        watchdog = vertx.setPeriodic(Math.max(50, timeoutMs / 4), id -> {
            if (!paused && System.nanoTime() - lastChunkNanos > timeoutMs * 1_000_000L) {
                onFailure(new TimeoutException("no stream data for " + timeoutMs + " ms"));
            }
        });
    }

    /** The attempt ended (it lost a hedge race, the client left): no more checks on this stream. */
    void stop() {
        vertx.cancelTimer(watchdog);
    }

    /** Ends the stream from outside (a timer ran out), as if the upstream had failed with that cause. */
    void abort(Throwable cause) {
        onFailure(cause);
    }

    /** The client's response starts with the first bytes it gets: until then another attempt may answer instead. */
    private void commit() {
        ex.firstByteNanos = System.nanoTime();
        res.setStatusCode(200)
                .setChunked(true)
                .putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache")
                .putHeader("x-accel-buffering", "no");
    }

    private void onChunk(Buffer chunk) {
        if (ex.finished || attempt.over()) {
            return;
        }
        long now = System.nanoTime();
        if (!attempt.hasFirstByte()) {
            attempt.firstByteArrived();
            attempt.won();
        } else if (chunkGaps != null && !paused) {
            chunkGaps.record(now - lastChunkNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        lastChunkNanos = now;
        if (transform == null) {
            outgoing = chunk;
            if (ex.recorder != null) {
                ex.recorder.part(chunk);
            }
        } else {
            try {
                if (transform.wholeChunks()) {
                    onEvent(chunk);
                } else {
                    splitter.feed(chunk, this::onEvent);
                }
            } catch (UncheckedTranslation e) {
                fail(UpstreamFailures.malformed(e.getCause().getMessage()));
                return;
            } catch (StreamGuard.Stop stop) {
                outgoing = null;
                gathered = null;
                blocked(stop.error);
                return;
            }
        }
        if (outgoing == null) {
            return;
        }
        Buffer out = gathered != null ? BufferInternal.buffer(gathered) : outgoing;
        outgoing = null;
        gathered = null;
        if (ex.firstByteNanos == 0) {
            commit();
        }
        if (ex.recorder != null) {
            ex.recorder.endWrite();
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
        Buffer out;
        try {
            out = transform.onEvent(event);
        } catch (TranslationException e) {
            throw new UncheckedTranslation(e);
        }
        if (out == null) {
            return;
        }
        if (ex.recorder != null) {
            ex.recorder.part(out);
        }
        if (outgoing == null) {
            outgoing = out;
        } else {
            // several events in one network read: gather them without copying, for one write
            if (gathered == null) {
                gathered = Unpooled.compositeBuffer();
                gathered.addComponent(true, ((BufferInternal) outgoing).getByteBuf());
            }
            gathered.addComponent(true, ((BufferInternal) out).getByteBuf());
        }
    }

    private void onEnd() {
        vertx.cancelTimer(watchdog);
        if (ex.finished || attempt.over()) {
            return;
        }
        Buffer tail = null;
        boolean whole = splitter.pendingBytes() == 0; // an event left unfinished: cut, not finished
        if (transform != null) {
            try {
                tail = transform.onEnd(splitter.drainPending());
            } catch (TranslationException e) {
                fail(UpstreamFailures.malformed(e.getMessage()));
                return;
            }
        }
        io.vertx.core.Future<GatewayError> verdict = transform != null ? transform.beforeEnd() : null;
        if (verdict == null) {
            finish(tail, whole);
            return;
        }
        Buffer last = tail;
        verdict.onComplete(r -> {
            if (ex.finished || attempt.over()) {
                return;
            }
            if (r.succeeded() && r.result() != null) {
                blocked(r.result());
            } else {
                finish(last, whole);
            }
        });
    }

    /**
     * The upstream ended and nothing objects: the client's stream ends normally.
     *
     * @param whole the upstream ended between events (a cut stream is not stored by the response cache)
     */
    private void finish(Buffer tail, boolean whole) {
        if (ex.firstByteNanos == 0) {
            commit();
        }
        if (transform != null) {
            ex.usage = transform.usage();
        }
        attempt.route.succeeded(System.nanoTime() - attempt.startNanos);
        if (ex.recorder != null) {
            ex.recorder.streamEnded(tail, whole, ex.usage);
        }
        Buffer last = tail;
        settlement.succeed(ex, 200, last != null ? () -> res.end(last) : res::end);
    }

    private void onFailure(Throwable cause) {
        vertx.cancelTimer(watchdog);
        if (ex.finished || attempt.over()) {
            return;
        }
        fail(UpstreamFailures.brokenStream(cause));
    }

    private void fail(AttemptFailure failure) {
        vertx.cancelTimer(watchdog);
        if (ex.firstByteNanos == 0) {
            // Nothing reached the client yet: another attempt may answer, or the client gets one clean error.
            if (ex.recorder != null) {
                ex.recorder.discardUnwritten();
            }
            attempt.fail(failure);
            return;
        }
        GatewayError error = failure.clientError();
        attempt.route.failed(Route.Verdict.FAULT, 0);
        attempt.request.reset();
        if (transform != null && ex.usage == null) {
            ex.usage = transform.usage();
        }
        Buffer last = transform != null ? transform.onError(error) : null;
        if (last == null) {
            last = ex.dialect.newStreamEncoder(JsonNodeFactory.instance.objectNode()).error(error);
        }
        settlement.failMidStream(ex, res, last, error.type());
    }

    /**
     * A guardrail refused the answer: the upstream is cancelled (it did nothing wrong: its deployment is not
     * blamed) and the client's stream ends with an error event in its dialect, or, when nothing reached the client
     * yet, the client gets one clean error. The tokens generated so far are booked.
     */
    void blocked(GatewayError error) {
        vertx.cancelTimer(watchdog);
        if (ex.finished || attempt.over()) {
            return;
        }
        attempt.route.succeeded(System.nanoTime() - attempt.startNanos);
        if (transform != null && ex.usage == null) {
            ex.usage = transform.usage();
        }
        if (ex.firstByteNanos == 0) {
            ex.firstByteNanos = System.nanoTime(); // the upstream answered: what it generated is estimated and booked
            settlement.fail(ex, res, error);
        } else {
            Buffer last = transform != null ? transform.onError(error) : null;
            if (last == null) {
                last = ex.dialect.newStreamEncoder(JsonNodeFactory.instance.objectNode()).error(error);
            }
            settlement.failMidStream(ex, res, last, error.type());
        }
        // after the call is settled, so that the reset's own failure callback finds it finished
        attempt.request.reset();
    }

    /** Carries a translation failure out of the splitter's callback. */
    private static final class UncheckedTranslation extends RuntimeException {
        UncheckedTranslation(TranslationException cause) {
            super(cause);
        }
    }
}
