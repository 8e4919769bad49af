package dev.tollgate.core.observe.tracing;

import dev.tollgate.spi.Endpoint;
import io.vertx.core.MultiMap;

/**
 * Starts the span of each client call. {@link #OFF} hands out {@link CallSpan#NONE} and reads nothing from the
 * request: with tracing off a call costs one virtual call here and nothing else.
 */
public interface Tracing extends AutoCloseable {

    Tracing OFF = (endpoint, requestId, headers) -> CallSpan.NONE;

    /**
     * @param headers the client's request headers, for an incoming {@code traceparent}
     */
    CallSpan start(Endpoint endpoint, String requestId, MultiMap headers);

    /** Exports what is still buffered and stops. */
    @Override
    default void close() {
    }
}
