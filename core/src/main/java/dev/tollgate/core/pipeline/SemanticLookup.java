package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.cache.CacheKey;
import dev.tollgate.core.cache.SemanticIndex;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.guardrails.GuardrailContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The semantic cache's two remote steps: embedding a request's text by calling the configured embedding model
 * group through this gateway's own port (so the call is authenticated, routed, failed over, metered and booked
 * like any other, on {@code cache.semantic.key}), and asking the node's {@link SemanticIndex} for the nearest
 * neighbour, or adding a vector to it. The index's work runs on a worker thread (Lucene is synchronous); the
 * futures complete on the calling event loop's context. Per event loop.
 */
final class SemanticLookup {

    private static final Logger log = LoggerFactory.getLogger(SemanticLookup.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The request's embedding and the nearest indexed entry of its partition (null: none). */
    record Probe(float[] vector, SemanticIndex.Neighbour neighbour) {
    }

    private final SemanticIndex index;
    private final GuardrailContext self;
    private final Vertx vertx;

    SemanticLookup(SemanticIndex index, GuardrailContext self, Vertx vertx) {
        this.index = index;
        this.self = self;
        this.vertx = vertx;
    }

    /** Embeds {@code text} and looks for its nearest neighbour in {@code partition}. */
    Future<Probe> probe(GatewayConfig.Cache.Semantic config, String partition, String text) {
        return embed(config, text).compose(vector -> vertx.executeBlocking(
                () -> new Probe(vector, index.nearest(partition, vector, System.currentTimeMillis())), false));
    }

    /**
     * Indexes an answer stored under {@code key}; callable from any thread. The vector is queued at once (so a
     * search that starts after this returns finds it) and indexed on a worker thread; failures are only logged.
     */
    void remember(String partition, float[] vector, CacheKey key, long ttlMillis) {
        long now = System.currentTimeMillis();
        index.offer(partition, vector, key, now + ttlMillis, now);
        vertx.executeBlocking(index::flush, false).onComplete(r -> {
            if (r.failed() || r.result() > 0) {
                log.debug("semantic cache: an embedding was not indexed: {}",
                        r.failed() ? r.cause().toString() : "its dimension differs from the indexed ones");
            }
        });
    }

    private Future<float[]> embed(GatewayConfig.Cache.Semantic config, String text) {
        ObjectNode request = JSON.createObjectNode().put("model", config.embeddingModel()).put("input", text);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setHost("127.0.0.1").setPort(self.gatewayPort().getAsInt()).setURI("/v1/embeddings")
                .setConnectTimeout(config.timeoutMs()).setIdleTimeout(config.timeoutMs())
                .putHeader("content-type", "application/json")
                .putHeader("authorization", "Bearer " + config.key());
        return self.http().request(options)
                .compose(req -> req.send(Buffer.buffer(request.toString())))
                .compose(res -> res.body().map(body -> {
                    if (res.statusCode() != 200) {
                        throw new IllegalStateException("the embedding model's call answered " + res.statusCode());
                    }
                    return vector(body);
                }));
    }

    static float[] vector(Buffer answer) {
        JsonNode embedding;
        try {
            embedding = JSON.readTree(answer.getBytes()).path("data").path(0).path("embedding");
        } catch (IOException e) {
            throw new IllegalStateException("the embedding model's answer is not JSON");
        }
        if (!embedding.isArray() || embedding.isEmpty()) {
            throw new IllegalStateException("the embedding model's answer has no float embedding");
        }
        float[] out = new float[embedding.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) embedding.get(i).asDouble();
        }
        return out;
    }
}
