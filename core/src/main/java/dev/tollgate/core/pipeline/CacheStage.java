package dev.tollgate.core.pipeline;

import dev.tollgate.core.cache.CacheKey;
import dev.tollgate.core.cache.CacheKeys;
import dev.tollgate.core.cache.CacheMetrics;
import dev.tollgate.core.cache.CachedResponse;
import dev.tollgate.core.cache.ResponseCache;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * The response-cache stage, between authorize and route (docs/caching.md). When the model group caches, it
 * reads the request's controls ({@code Cache-Control: no-cache | no-store}, {@code x-tollgate-cache-ttl}),
 * derives the tenant-scoped key, looks it up with a deadline and either answers from the entry (a buffered body,
 * or the stream's writes replayed in order, each its own write, pausing while the client's queue is full) or lets
 * the call go upstream with a {@link CacheRecorder} that stores the answer once it ends well. Every answer of a
 * caching group says {@code x-tollgate-cache: hit | miss | skip}. Groups that do not cache pass straight through:
 * no header, no hashing. Event-loop only (store callbacks are brought back to the call's context).
 */
final class CacheStage {

    private static final Logger log = LoggerFactory.getLogger(CacheStage.class);
    static final String HEADER = "x-tollgate-cache";

    private final ResponseCache cache;
    private final CacheMetrics metrics;
    private final Settlement settlement;
    private final Vertx vertx;

    /** @param cache null when the gateway started without a cache store: the stage then never applies */
    CacheStage(ResponseCache cache, CacheMetrics metrics, Settlement settlement, Vertx vertx) {
        this.cache = cache;
        this.metrics = metrics;
        this.settlement = settlement;
        this.vertx = vertx;
    }

    /** Whether the call must go through {@link #enter}: a field read when nothing caches. */
    boolean applies(Exchange ex) {
        return cache != null && ex.active.config().cache().anyEnabled();
    }

    /** Answers from the cache, or arranges for the answer to be stored and runs {@code upstream}. */
    void enter(Exchange ex, HttpServerRequest req, Runnable upstream) {
        GatewayConfig.Cache config = ex.active.config().cache();
        GatewayConfig.Cache.GroupCache policy = config.forGroup(ex.primaryGroup.name());
        if (!policy.enabled()) {
            upstream.run();
            return;
        }
        HttpServerResponse res = req.response();
        String model = ex.modelLabel();
        long ttlSeconds = policy.ttlSeconds();
        String askedTtl = req.getHeader("x-tollgate-cache-ttl");
        if (askedTtl != null) {
            try {
                ttlSeconds = Math.min(Long.parseLong(askedTtl.trim()), config.maxTtlSeconds());
            } catch (NumberFormatException e) {
                ttlSeconds = -1;
            }
            if (ttlSeconds < 0) {
                settlement.reject(ex, req, GatewayError.invalidRequest(
                        "x-tollgate-cache-ttl must be a whole number of seconds (0: do not store).", null));
                return;
            }
        }
        String control = req.getHeader("cache-control");
        if (has(control, "no-store")) { // neither read nor written, as HTTP caches treat it
            skip(res, model, upstream);
            return;
        }
        boolean noCache = has(control, "no-cache"); // not read, but the fresh answer is stored
        boolean store = ttlSeconds > 0; // a TTL of 0 reads but does not store
        CacheKey key = CacheKeys.of(config.scope().of(ex.caller), ex.endpoint.name() + "|" + ex.dialect.wireFormat(),
                ex.primaryGroup.name(), ex.body.array(), ex.body.offset(), ex.body.length());
        if (key == null) {
            skip(res, model, upstream);
            return;
        }
        if (store) {
            ex.recorder = new CacheRecorder(cache, key, ttlSeconds * 1000, config.maxEntryBytes(), metrics, model);
        }
        if (noCache) {
            skip(res, model, upstream);
            return;
        }
        // the client may leave while the store answers; the failover stage takes this over once it starts
        res.closeHandler(v -> {
            if (!ex.finished && !res.ended()) {
                settlement.clientGone(ex);
            }
        });
        new Lookup(ex, res, model, upstream, config.lookupTimeoutMs()).start(key);
    }

    private void skip(HttpServerResponse res, String model, Runnable upstream) {
        res.putHeader(HEADER, "skip");
        metrics.lookup(model, "skip");
        upstream.run();
    }

    private static boolean has(String header, String directive) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            String d = part.trim().toLowerCase(Locale.ROOT);
            if (d.equals(directive) || d.startsWith(directive + "=")) {
                return true;
            }
        }
        return false;
    }

    /** One lookup racing its deadline; whichever comes first decides, on the call's own event loop. */
    private final class Lookup {
        private final Exchange ex;
        private final HttpServerResponse res;
        private final String model;
        private final Runnable upstream;
        private final long timeoutMs;
        private final Context context = vertx.getOrCreateContext();
        private long timer = -1;
        private boolean decided;

        Lookup(Exchange ex, HttpServerResponse res, String model, Runnable upstream, long timeoutMs) {
            this.ex = ex;
            this.res = res;
            this.model = model;
            this.upstream = upstream;
            this.timeoutMs = timeoutMs;
        }

        void start(CacheKey key) {
            var pending = cache.get(key);
            if (pending.isComplete()) { // the in-process store: no timer, no hop
                found(pending);
                return;
            }
            timer = vertx.setTimer(timeoutMs, id -> {
                if (!decided) {
                    metrics.error("get");
                    log.debug("request {}: response cache lookup took over {} ms; calling upstream", ex.requestId,
                            timeoutMs);
                    decided = true;
                    miss();
                }
            });
            pending.onComplete(r -> {
                if (Vertx.currentContext() == context) {
                    found(r);
                } else {
                    context.runOnContext(v -> found(r));
                }
            });
        }

        private void found(AsyncResult<CachedResponse> r) {
            if (decided) {
                return;
            }
            decided = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (ex.finished) {
                return;
            }
            if (r.failed()) {
                metrics.error("get");
                log.debug("request {}: response cache lookup failed: {}", ex.requestId, r.cause().toString());
                miss();
                return;
            }
            CachedResponse entry = r.result();
            if (entry == null || entry.streamed() != ex.streaming()) {
                miss();
                return;
            }
            hit(entry);
        }

        private void miss() {
            if (ex.finished) {
                return;
            }
            res.putHeader(HEADER, "miss");
            metrics.lookup(model, "miss");
            upstream.run();
        }

        private void hit(CachedResponse entry) {
            metrics.lookup(model, "hit");
            ex.recorder = null;
            ex.cacheHit = true;
            ex.usage = entry.usage() != null ? entry.usage() : TokenUsage.NONE;
            res.putHeader(HEADER, "hit");
            if (entry.streamed()) {
                new Replay(ex, res, entry.chunks()).start();
                return;
            }
            ex.firstByteNanos = System.nanoTime();
            res.setStatusCode(entry.status()).putHeader("content-type", entry.contentType());
            Buffer body = Buffer.buffer(entry.body());
            settlement.succeed(ex, entry.status(), () -> res.end(body));
        }
    }

    /** A stored stream written again: each original write as one write, in order, at the client's pace. */
    private final class Replay {
        private final Exchange ex;
        private final HttpServerResponse res;
        private final List<byte[]> chunks;
        private int next;

        Replay(Exchange ex, HttpServerResponse res, List<byte[]> chunks) {
            this.ex = ex;
            this.res = res;
            this.chunks = chunks;
        }

        void start() {
            ex.firstByteNanos = System.nanoTime();
            res.setStatusCode(200)
                    .setChunked(true)
                    .putHeader("content-type", CacheRecorder.STREAM_CONTENT_TYPE)
                    .putHeader("cache-control", "no-cache")
                    .putHeader("x-accel-buffering", "no");
            pump();
        }

        private void pump() {
            while (next < chunks.size()) {
                if (ex.finished || res.closed()) {
                    return; // the client left: the close handler settled the call
                }
                res.write(Buffer.buffer(chunks.get(next++)));
                if (res.writeQueueFull()) {
                    res.drainHandler(v -> pump());
                    return;
                }
            }
            if (!ex.finished && !res.closed()) {
                settlement.succeed(ex, 200, res::end);
            }
        }
    }
}
