package dev.tollgate.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.Map;

/**
 * One event loop of the load generator with its own pooled HTTP/1.1 client. Every request of a lane is
 * issued from the lane's context, so its connections, callbacks and statistics stay on one thread and
 * need no locks. Event-loop only (except {@link #execute}).
 */
public final class Lane extends VerticleBase {

    private final int index;
    private final int maxConnections;
    private HttpClientAgent client;

    Lane(int index, int maxConnections) {
        this.index = index;
        this.maxConnections = maxConnections;
    }

    @Override
    public Future<?> start() {
        client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setKeepAliveTimeout(120)
                        .setMaxInitialLineLength(16 * 1024),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return client.close();
    }

    public int index() {
        return index;
    }

    /** Runs {@code task} on this lane's event loop; callable from any thread. */
    public void execute(Runnable task) {
        context().runOnContext(v -> task.run());
    }

    Context context() {
        return context;
    }

    /**
     * Opens a POST of {@code body} to {@code url}. The connect timeout also bounds the wait for a pooled
     * connection, and the idle timeout the silence of the answer, so no request can hang for ever.
     */
    public Future<HttpClientRequest> post(String url, Map<String, String> headers, long timeoutMs) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setConnectTimeout(timeoutMs)
                .setIdleTimeout(timeoutMs)
                .putHeader("content-type", "application/json");
        headers.forEach(options::putHeader);
        return client.request(options);
    }
}
