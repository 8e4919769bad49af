package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.cache.CacheKey;
import dev.tollgate.core.cache.CacheKeys;
import dev.tollgate.core.cache.CacheMetrics;
import dev.tollgate.core.cache.CachedResponse;
import dev.tollgate.core.cache.ResponseCache;
import dev.tollgate.core.cache.SemanticIndex;
import dev.tollgate.core.cache.SemanticTexts;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.Endpoint;
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
import java.util.function.Supplier;

/**
 * The response-cache stage, between authorize and route (docs/caching.md). When the model group caches, it
 * reads the request's controls ({@code Cache-Control: no-cache | no-store}, {@code x-tollgate-cache-ttl}),
 * derives the tenant-scoped key, looks it up with a deadline and either answers from the entry (a buffered body,
 * or the stream's writes replayed in order, each its own write, pausing while the client's queue is full) or lets
 * the call go upstream with a {@link CacheRecorder} that stores the answer once it ends well. Every answer of a
 * caching group says {@code x-tollgate-cache: hit | miss | skip}. Groups that do not cache pass straight through:
 * no header, no hashing. When the group also uses the semantic cache, an exact miss embeds the request's text
 * and looks for a similar earlier request of the same partition ({@link SemanticLookup}); a neighbour at or above
 * the threshold whose entry is still stored answers exactly like a hit ({@code x-tollgate-cache: semantic-hit},
 * with {@code x-tollgate-cache-similarity}); otherwise the miss goes upstream and its answer, once stored, is
 * indexed under its embedding. Event-loop only (store callbacks are brought back to the call's context).
 */
final class CacheStage {

    private static final Logger log = LoggerFactory.getLogger(CacheStage.class);
    static final String HEADER = "x-tollgate-cache";
    static final String SIMILARITY_HEADER = "x-tollgate-cache-similarity";

    private final ResponseCache cache;
    private final CacheMetrics metrics;
    private final Settlement settlement;
    private final Vertx vertx;
    private final SemanticLookup semantic;

    /**
     * @param cache    null when the gateway started without a cache store: the stage then never applies
     * @param semantic null when the gateway has no semantic index: exact caching only
     */
    CacheStage(ResponseCache cache, CacheMetrics metrics, Settlement settlement, Vertx vertx, SemanticLookup semantic) {
        this.cache = cache;
        this.metrics = metrics;
        this.settlement = settlement;
        this.vertx = vertx;
        this.semantic = semantic;
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
        long semanticTtl = store ? ttlSeconds : 0;
        // derived only on an exact miss: a hit pays nothing for the semantic cache
        new Lookup(ex, res, model, upstream, config.lookupTimeoutMs(),
                () -> semanticRequest(ex, config, policy, key, semanticTtl)).start(key);
    }

    /** What the semantic step needs, or null when it does not apply to this call (docs/caching.md#semantic-cache). */
    private SemanticRequest semanticRequest(Exchange ex, GatewayConfig.Cache config, GatewayConfig.Cache.GroupCache policy,
                                            CacheKey key, long ttlSeconds) {
        GatewayConfig.Cache.Semantic settings = config.semantic();
        if (semantic == null || !policy.semantic() || settings.embeddingModel() == null || settings.key() == null
                || ex.endpoint == Endpoint.EMBEDDINGS || ex.primaryGroup.name().equals(settings.embeddingModel())) {
            return null;
        }
        ObjectNode request = SemanticTexts.parse(ex.body.array(), ex.body.offset(), ex.body.length());
        if (request == null || (!settings.allowTools() && SemanticTexts.hasTools(request))) {
            return null;
        }
        String text = SemanticTexts.text(request);
        if (text.isEmpty()) {
            return null;
        }
        String partition = SemanticTexts.partition(config.scope().of(ex.caller),
                ex.endpoint.name() + "|" + ex.dialect.wireFormat(), ex.primaryGroup.name(), request);
        return new SemanticRequest(settings, partition, text, key, ttlSeconds * 1000);
    }

    /** A call's semantic step: its settings, partition, text, and where a miss's answer will be stored. */
    private record SemanticRequest(GatewayConfig.Cache.Semantic settings, String partition, String text,
                                   CacheKey exactKey, long ttlMillis) {
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
        private final Supplier<SemanticRequest> similar;
        private final Context context = vertx.getOrCreateContext();
        private long timer = -1;
        private boolean decided;

        Lookup(Exchange ex, HttpServerResponse res, String model, Runnable upstream, long timeoutMs,
               Supplier<SemanticRequest> similar) {
            this.ex = ex;
            this.res = res;
            this.model = model;
            this.upstream = upstream;
            this.timeoutMs = timeoutMs;
            this.similar = similar;
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
            hit(entry, "hit");
        }

        private void miss() {
            if (ex.finished) {
                return;
            }
            SemanticRequest request = similar.get();
            if (request != null) {
                new SemanticStep(this, request).start();
                return;
            }
            upstreamMiss();
        }

        void upstreamMiss() {
            if (ex.finished) {
                return;
            }
            res.putHeader(HEADER, "miss");
            metrics.lookup(model, "miss");
            upstream.run();
        }

        /** @param result {@code hit}, or {@code semantic-hit} (its metric label: {@code semantic}) */
        void hit(CachedResponse entry, String result) {
            metrics.lookup(model, result.equals("hit") ? "hit" : "semantic");
            ex.recorder = null;
            ex.cacheHit = true;
            ex.usage = entry.usage() != null ? entry.usage() : TokenUsage.NONE;
            res.putHeader(HEADER, result);
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

    /**
     * The semantic step after an exact miss: embed, find the nearest neighbour, fetch its entry; all of it within
     * {@code cache.semantic.timeout_ms}, past which (or on any failure) the call is a plain miss. A miss whose
     * answer gets stored is then indexed under this call's embedding (queued at once, so the next search sees it).
     */
    private final class SemanticStep {
        private final Lookup lookup;
        private final SemanticRequest similar;
        private final Context context = vertx.getOrCreateContext();
        private long timer = -1;
        private boolean decided;
        private float[] vector;

        SemanticStep(Lookup lookup, SemanticRequest similar) {
            this.lookup = lookup;
            this.similar = similar;
        }

        void start() {
            timer = vertx.setTimer(similar.settings().timeoutMs(), id -> {
                if (!decided) {
                    metrics.error("semantic");
                    log.debug("request {}: the semantic cache lookup took over {} ms; calling upstream",
                            lookup.ex.requestId, similar.settings().timeoutMs());
                    miss(false);
                }
            });
            semantic.probe(similar.settings(), similar.partition(), similar.text()).onComplete(r -> onContext(() -> {
                if (decided) {
                    return;
                }
                if (r.failed()) {
                    metrics.error("semantic");
                    log.debug("request {}: the semantic cache lookup failed: {}", lookup.ex.requestId,
                            r.cause().toString());
                    miss(false);
                    return;
                }
                vector = r.result().vector();
                SemanticIndex.Neighbour near = r.result().neighbour();
                if (near == null || near.similarity() < similar.settings().threshold()) {
                    miss(true);
                    return;
                }
                cache.get(near.key()).onComplete(found -> onContext(() -> {
                    if (decided) {
                        return;
                    }
                    CachedResponse entry = found.succeeded() ? found.result() : null;
                    if (entry == null || entry.streamed() != lookup.ex.streaming()) {
                        miss(true);
                        return;
                    }
                    decide();
                    if (!lookup.ex.finished) {
                        lookup.res.putHeader(SIMILARITY_HEADER, String.format(Locale.ROOT, "%.4f", near.similarity()));
                        lookup.hit(entry, "semantic-hit");
                    }
                }));
            }));
        }

        private void onContext(Runnable action) {
            if (Vertx.currentContext() == context) {
                action.run();
            } else {
                context.runOnContext(v -> action.run());
            }
        }

        private void decide() {
            decided = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }

        /** @param index whether the answer, once stored, is indexed under this call's embedding */
        private void miss(boolean index) {
            decide();
            CacheRecorder recorder = lookup.ex.recorder;
            if (index && recorder != null && vector != null) {
                float[] v = vector;
                recorder.afterStore(() -> semantic.remember(similar.partition(), v, similar.exactKey(),
                        similar.ttlMillis()));
            }
            lookup.upstreamMiss();
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
