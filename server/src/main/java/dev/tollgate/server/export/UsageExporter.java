package dev.tollgate.server.export;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.UsageEvent;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands booked usage events to the configured export sinks ({@code export:}), each on its own thread with its own
 * bounded queue ({@link SinkWorker}). Fed by the spool drainer right after a batch is booked in the database, so
 * nothing here runs on the request path and only booked events leave. Delivery is at least once: a batch booked
 * again after a crash (booking is idempotent, the export is not) goes out again, and each event's
 * {@code request_id} tells a receiver it saw it already.
 */
public final class UsageExporter implements AutoCloseable {

    public static final UsageExporter NONE = new UsageExporter(List.of());

    private final List<SinkWorker> workers;

    private UsageExporter(List<SinkWorker> workers) {
        this.workers = workers;
    }

    public static UsageExporter start(List<GatewayConfig.Export> sinks, String serviceName, Clock clock,
                                      MeterRegistry registry) {
        return start(sinks, serviceName, clock, registry, 500);
    }

    static UsageExporter start(List<GatewayConfig.Export> sinks, String serviceName, Clock clock,
                               MeterRegistry registry, long firstBackoffMs) {
        if (sinks.isEmpty()) {
            return NONE;
        }
        List<SinkWorker> workers = new ArrayList<>();
        for (GatewayConfig.Export e : sinks) {
            EventSink sink = switch (e.type()) {
                case "webhook" -> new WebhookSink(e.url(), e.secret(), clock);
                case "file" -> new FileSink(Path.of(e.path()), e.maxBytes(), e.maxFiles());
                case "otlp" -> new OtlpLogSink(e.url(), serviceName);
                default -> throw new IllegalArgumentException("unknown export type " + e.type());
            };
            workers.add(new SinkWorker(e.name(), sink, e.batch(), e.queue(), e.flushMs(), firstBackoffMs, registry));
        }
        return new UsageExporter(List.copyOf(workers));
    }

    /** Called once a batch is booked; never blocks. */
    public void booked(List<UsageEvent> batch) {
        for (SinkWorker w : workers) {
            w.offer(batch);
        }
    }

    public boolean any() {
        return !workers.isEmpty();
    }

    @Override
    public void close() {
        for (SinkWorker w : workers) {
            w.close();
        }
    }
}
