package dev.tollgate.state.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * This node's one Redis client, shared by everything that keeps state in Redis (the ledger's counters, the
 * response cache, the cluster's message bus), made from {@code state.url} ({@link RedisEndpoint}: one server,
 * Sentinel or Cluster). Vert.x pools the connections and makes them on first use: a Redis that is down delays
 * nothing at start, commands fail while it is away (each user has its own policy for that) and new connections
 * are tried on the next command, so a Redis that comes back is used again without a restart. Thread-safe.
 */
public final class RedisConnections implements AutoCloseable {

    private final Vertx vertx;
    private final RedisEndpoint endpoint;
    private final Redis client;

    private RedisConnections(Vertx vertx, RedisEndpoint endpoint, Redis client) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.client = client;
    }

    /** @throws IllegalArgumentException when the URL is not a Redis URL the gateway understands */
    public static RedisConnections open(Vertx vertx, String url) {
        RedisEndpoint endpoint = RedisEndpoint.parse(url);
        return new RedisConnections(vertx, endpoint, Redis.createClient(vertx, pooled(endpoint.options())));
    }

    /**
     * Pool sizes for a gateway node: commands are pipelined, so a few connections per core carry tens of thousands
     * of calls a second; waiting room for bursts rather than failures.
     */
    static RedisOptions pooled(RedisOptions options) {
        int cores = Runtime.getRuntime().availableProcessors();
        return options.setMaxPoolSize(Math.max(8, cores * 4))
                .setMaxPoolWaiting(10_000)
                .setMaxWaitingHandlers(10_000)
                // a dead connection's slot is given back soon, so reconnecting after an outage is not held up
                .setPoolRecycleTimeout(15_000);
    }

    public Redis client() {
        return client;
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    Vertx vertx() {
        return vertx;
    }

    /** Topology and hosts, no password. */
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public void close() {
        client.close();
    }
}
