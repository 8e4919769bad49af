package dev.tollgate.server;

import dev.tollgate.core.guardrails.GuardrailContext;
import dev.tollgate.core.pipeline.GuardStage;
import dev.tollgate.core.pipeline.Pipeline;
import dev.tollgate.core.pipeline.UpstreamCall;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;

import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the gateway: an HTTP server on the shared port and an upstream client whose
 * pooled connections stay on this same event loop, so a call never hops threads. Deployed once per core.
 */
final class GatewayVerticle extends VerticleBase {

    private static final int UPSTREAM_CONNECTIONS_PER_LOOP = 16_384;

    private final GatewayComponents components;
    private final String host;
    private final int port;
    private HttpServer server;
    private HttpClient upstreamClient;

    GatewayVerticle(GatewayComponents components, String host, int port) {
        this.components = components;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        upstreamClient = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        // idle upstream connections go after 15 s: Vert.x's pool scans every pooled connection
                        // per request, so a pool grown by a burst should shrink back soon
                        .setKeepAliveTimeout(15)
                        .setMaxInitialLineLength(16 * 1024),
                // A stream holds its upstream connection for its whole life, so the pool bounds concurrent
                // streams per event loop: sized for tens of thousands of slow streams, not for request rate.
                new PoolOptions().setHttp1MaxSize(UPSTREAM_CONNECTIONS_PER_LOOP).setMaxWaitQueueSize(10_000));
        // Remote guardrails (webhooks, the moderation model through this gateway's own port) use the loop's client.
        GuardStage guards = new GuardStage(vertx, new GuardrailContext(vertx, upstreamClient, this::actualPort),
                components.metrics());
        UpstreamCall upstream = new UpstreamCall(vertx, upstreamClient, components.settlement(), components.metrics(),
                guards);
        Pipeline pipeline = new Pipeline(components.config()::active, components.auth(), components.adapters(),
                components.router(), upstream, components.settlement(), components.clock(), vertx, components.ledger(),
                components.chargeRule(), components.responseCache(), components.cacheMetrics(), guards,
                components.tracing(), components.queue(), components.queueMetrics(), components.abuse(),
                components.limiter(), components.semanticIndex());
        Ingress ingress = new Ingress(pipeline, components);
        server = vertx.createHttpServer(new HttpServerOptions()
                .setTcpNoDelay(true)
                // No HTTP/2 over cleartext (neither upgrade nor prior knowledge): the h2c upgrade re-homes a
                // request mid-flight. Clients get HTTP/1.1 here; HTTP/2 needs TLS termination in front.
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false)
                .setIdleTimeout(300)
                .setMaxInitialLineLength(16 * 1024)
                .setMaxHeaderSize(64 * 1024));
        return server.requestHandler(ingress).listen(port, host);
    }

    /** Stops accepting, lets in-flight calls (streams included) finish within the grace period. */
    Future<Void> drain(long graceMs) {
        return server.shutdown(graceMs, TimeUnit.MILLISECONDS);
    }

    int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return upstreamClient.close();
    }
}
