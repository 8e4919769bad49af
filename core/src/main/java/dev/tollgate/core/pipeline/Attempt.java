package dev.tollgate.core.pipeline;

import dev.tollgate.core.routing.Route;
import dev.tollgate.spi.provider.ProviderAdapter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;

import java.util.function.Consumer;

/**
 * One try of a call against one deployment. Callbacks of an attempt that is {@link #over} (it failed and the
 * call moved on, or the call finished) must do nothing, because a newer attempt may own the client's
 * response by then. Per call, event-loop only.
 */
final class Attempt {

    final int number;
    final Route route;
    final ProviderAdapter adapter;
    final long startNanos;
    private final Vertx vertx;
    private final Consumer<AttemptFailure> onFailure;
    /** The upstream request once created. */
    HttpClientRequest request;
    /** The relay once a stream started answering. */
    StreamRelay relay;
    private long firstByteTimer = -1;
    private boolean firstByte;
    private boolean over;

    Attempt(int number, Route route, ProviderAdapter adapter, Vertx vertx, Consumer<AttemptFailure> onFailure) {
        this.number = number;
        this.route = route;
        this.adapter = adapter;
        this.vertx = vertx;
        this.onFailure = onFailure;
        this.startNanos = System.nanoTime();
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

    /** The first byte of the answer arrived: feeds the latency average and stops the first-byte clock. */
    void firstByteArrived() {
        if (!firstByte) {
            firstByte = true;
            cancelTimer();
            route.firstByte(System.nanoTime() - startNanos);
        }
    }

    /** Stops the attempt for good (the call finished, or the client left): frees its route slot. */
    void end() {
        over = true;
        cancelTimer();
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

    private void cancelTimer() {
        if (firstByteTimer >= 0) {
            vertx.cancelTimer(firstByteTimer);
            firstByteTimer = -1;
        }
    }
}
