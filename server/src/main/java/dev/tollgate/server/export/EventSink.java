package dev.tollgate.server.export;

import dev.tollgate.spi.UsageEvent;

import java.util.List;

/**
 * One destination of exported usage events (a webhook, an NDJSON file, an OTLP logs collector). Called from the
 * sink's own thread only, one batch at a time; may block. A delivery that throws is retried by {@link SinkWorker}.
 */
public interface EventSink extends AutoCloseable {

    void deliver(List<UsageEvent> batch) throws Exception;

    @Override
    default void close() {
    }
}
