package dev.tollgate.core.pipeline;

import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.core.observe.tracing.AttemptSpan;
import dev.tollgate.core.routing.Route;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.ProviderAdapter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;

import java.util.function.Consumer;

/**
 * One try of a call against one deployment, with what that try needs of its own: the provider, the model
 * name sent upstream, the translation, the text generated so far. Several may be in flight for one call
 * (a hedge); the first to produce an answer {@link #won} and the others are cancelled. Callbacks of an
 * attempt that is {@link #over} (it failed and the call moved on, or the call finished) must do nothing,
 * because another attempt may own the client's response by then. Per call, event-loop only.
 */
final class Attempt {

    final int number;
    final Route route;
    final ProviderAdapter adapter;
    final ProviderSettings provider;
    final String upstreamModel;
    final RoutingPolicy.Timeouts timeouts;
    final long startNanos;
    /** Set when client and upstream formats differ. */
    ChatTranslation translation;
    /** Generated text seen so far, kept only to estimate tokens when the upstream reports none. */
    StringBuilder generatedText;
    private final Vertx vertx;
    private final Consumer<AttemptFailure> onFailure;
    private final Runnable onWin;
    /** The attempt's trace; {@link AttemptSpan#NONE} while tracing is off. */
    AttemptSpan span = AttemptSpan.NONE;
    /** The upstream request once created. */
    HttpClientRequest request;
    /** The relay once a stream started answering. */
    StreamRelay relay;
    private long firstByteTimer = -1;
    /** The timer that would start a hedge for this attempt, if one is armed. */
    long hedgeTimer = -1;
    private boolean firstByte;
    private boolean over;

    Attempt(int number, Route route, ProviderAdapter adapter, String upstreamModel, RoutingPolicy.Timeouts timeouts,
            Vertx vertx, Consumer<AttemptFailure> onFailure, Runnable onWin) {
        this.number = number;
        this.route = route;
        this.adapter = adapter;
        this.provider = route.provider();
        this.upstreamModel = upstreamModel;
        this.timeouts = timeouts;
        this.vertx = vertx;
        this.onFailure = onFailure;
        this.onWin = onWin;
        this.startNanos = System.nanoTime();
    }

    String deploymentName() {
        return route.deployment().name();
    }

    long firstByteTimeoutMs() {
        return timeouts.firstTokenMs() > 0 ? timeouts.firstTokenMs() : provider.readTimeoutMs();
    }

    /** Longest silence allowed between two chunks of a stream. */
    long idleTimeoutMs() {
        return timeouts.idleMs() > 0 ? timeouts.idleMs() : provider.readTimeoutMs();
    }

    /** The upstream started a good answer: this attempt serves the call, any sibling gives way. */
    void won() {
        if (!over) {
            onWin.run();
        }
    }

    boolean over() {
        return over;
    }

    /**
     * Fails the attempt with no byte sent to the client: reports the verdict on the deployment and key, then
     * lets the failover decide what comes next.
     */
    void fail(AttemptFailure failure) {
        if (over) {
            return;
        }
        over = true;
        cancelTimer();
        span.failed(failure.clientError() != null ? failure.clientError().type() : "upstream_error");
        if (request != null) {
            request.reset();
        }
        if (failure.verdict() != null) {
            route.failed(failure.verdict(), failure.retryAfterNanos());
        } else {
            route.release();
        }
        onFailure.accept(failure);
    }

    /** Gives the upstream this long to send its first byte, else fails the attempt as a timeout. */
    void armFirstByteTimeout(long ms, Runnable onTimeout) {
        if (ms > 0) {
            firstByteTimer = vertx.setTimer(ms, id -> {
                firstByteTimer = -1;
                if (!over && !firstByte) {
                    onTimeout.run();
                }
            });
        }
    }

    boolean hasFirstByte() {
        return firstByte;
    }

    /** The first byte of the answer arrived: feeds the latency average and stops the first-byte clock. */
    void firstByteArrived() {
        if (!firstByte) {
            firstByte = true;
            cancelFirstByteTimer();
            route.firstByte(System.nanoTime() - startNanos);
        }
    }

    /** Stops the attempt for good (the call finished, or the client left): frees its route slot. */
    void end() {
        over = true;
        cancelTimer();
        span.end();
        if (relay != null) {
            relay.stop();
        }
        route.release();
    }

    /** Ends the attempt and its upstream request, if any. */
    void cancel() {
        boolean wasOver = over;
        end();
        if (!wasOver && request != null) {
            request.reset();
        }
    }

    private void cancelFirstByteTimer() {
        if (firstByteTimer >= 0) {
            vertx.cancelTimer(firstByteTimer);
            firstByteTimer = -1;
        }
    }

    private void cancelTimer() {
        cancelFirstByteTimer();
        if (hedgeTimer >= 0) {
            vertx.cancelTimer(hedgeTimer);
            hedgeTimer = -1;
        }
    }
}
