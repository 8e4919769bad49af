package dev.tollgate.core.observe;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.guardrails.PiiDetector;
import dev.tollgate.spi.CallBodies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the bodies of the calls the request log is told to keep ({@code request_log.bodies}). The event loop only
 * hands over copies of the bytes; decoding, PII redaction (the guardrails' {@link PiiDetector}), cutting and the
 * database write happen on this class's own thread, in batches. Best effort and bounded: when the queue is full
 * (the database is slow or down) bodies are dropped and counted, never a call held up. Metric:
 * {@code tollgate_request_bodies_total{outcome=kept|dropped|failed}}.
 */
public final class BodyLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BodyLog.class);
    private static final int CAPACITY = 1_000;
    private static final int BATCH = 100;

    /** One call's bodies as handed over: raw bytes / text, not yet redacted. */
    private record Pending(String requestId, Instant startedAt, byte[] request, byte[] answer, String generated,
                           GatewayConfig.RequestLog settings) {
    }

    private final Consumer<List<CallBodies>> store;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Counter kept;
    private final Counter dropped;
    private final Counter failed;
    private final Thread thread;
    private volatile boolean closing;

    public BodyLog(Consumer<List<CallBodies>> store, MeterRegistry registry) {
        this.store = store;
        this.kept = outcome(registry, "kept");
        this.dropped = outcome(registry, "dropped");
        this.failed = outcome(registry, "failed");
        this.thread = new Thread(this::run, "tollgate-request-bodies");
        thread.setDaemon(true);
        thread.start();
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("tollgate_request_bodies").description("Call bodies handed to the request log, by "
                + "outcome: kept, dropped (queue full), failed (the database refused them)")
                .tag("outcome", outcome).register(registry);
    }

    /**
     * Hands one call's bodies over; never blocks.
     *
     * @param answer    the answer's bytes as the client got them (buffered calls), or null
     * @param generated the text generated (streams), or null
     */
    public void submit(String requestId, Instant startedAt, byte[] request, byte[] answer, String generated,
                       GatewayConfig.RequestLog settings) {
        if (!queue.offer(new Pending(requestId, startedAt, request, answer, generated, settings))) {
            dropped.increment();
        }
    }

    private void run() {
        List<Pending> next = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                next.add(first);
                queue.drainTo(next, BATCH - 1);
                List<CallBodies> rendered = new ArrayList<>(next.size());
                for (Pending p : next) {
                    rendered.add(render(p));
                }
                try {
                    store.accept(rendered);
                    kept.increment(rendered.size());
                } catch (RuntimeException e) {
                    failed.increment(rendered.size());
                    log.warn("{} call bodies could not be kept: {}", rendered.size(), e.toString());
                }
                next.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static CallBodies render(String requestId, Instant startedAt, String request, String response,
                             GatewayConfig.RequestLog settings) {
        Cut req = cut(redact(request, settings.redact()), settings.maxChars());
        Cut res = response == null ? new Cut(null, false) : cut(redact(response, settings.redact()), settings.maxChars());
        return new CallBodies(requestId, startedAt, req.text, res.text, req.truncated || res.truncated);
    }

    private static CallBodies render(Pending p) {
        String response = p.answer != null ? new String(p.answer, StandardCharsets.UTF_8) : p.generated;
        return render(p.requestId, p.startedAt, new String(p.request, StandardCharsets.UTF_8), response, p.settings);
    }

    private record Cut(String text, boolean truncated) {
    }

    private static Cut cut(String text, int maxChars) {
        return text.length() <= maxChars ? new Cut(text, false) : new Cut(text.substring(0, maxChars), true);
    }

    /** Every finding replaced by its entity's name in brackets: {@code [EMAIL]}, {@code [CARD]}, … */
    static String redact(String text, Set<PiiDetector.Entity> entities) {
        if (entities.isEmpty()) {
            return text;
        }
        List<PiiDetector.Finding> findings = new PiiDetector(entities).find(text);
        if (findings.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (PiiDetector.Finding f : findings) {
            out.append(text, at, f.start()).append('[').append(f.entity().stem()).append(']');
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Keeps what is queued (up to five seconds), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
