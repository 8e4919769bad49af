package dev.tollgate.state.redis;

import dev.tollgate.core.cache.CacheKey;
import dev.tollgate.core.cache.CachedResponse;
import dev.tollgate.core.cache.CachedResponseCodec;
import dev.tollgate.core.cache.ResponseCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.net.URI;

/**
 * The response cache shared by every node of a cluster: one Redis string per entry, the entry's binary form
 * ({@link CachedResponseCodec}) stored with {@code SET … PX ttl}, so Redis expires it, and read with one
 * {@code GET}. Vert.x's Redis client is non-blocking: commands are pipelined on pooled connections and answer
 * on an event loop. The total size is Redis's to bound ({@code maxmemory} with an eviction policy such as
 * {@code allkeys-lru}); this store refuses single values above {@code maxValueBytes}. Thread-safe.
 */
public final class RedisResponseCache implements ResponseCache {

    private final Redis redis;
    private final String prefix;
    private final long maxValueBytes;
    private final String where;
    private final boolean ownsClient;

    RedisResponseCache(Redis redis, String prefix, long maxValueBytes, String where, boolean ownsClient) {
        this.redis = redis;
        this.prefix = prefix;
        this.maxValueBytes = maxValueBytes;
        this.where = where;
        this.ownsClient = ownsClient;
    }

    /**
     * Over this node's shared client (which {@link #close()} leaves to its owner).
     *
     * @param maxEntryBytes as for {@link #connect}
     */
    public static RedisResponseCache over(RedisConnections connections, String keyPrefix, long maxEntryBytes) {
        return new RedisResponseCache(connections.client(), keyPrefix, maxEntryBytes + 64 * 1024,
                connections.describe(), false);
    }

    /**
     * A client for the server at {@code url} ({@code redis://[:password@]host:port[/db]}, {@code rediss://} for
     * TLS). Connections are made on first use, so a Redis that is down delays nothing at start: lookups fail (and
     * count as misses) until it is back.
     *
     * @param maxEntryBytes the largest answer the gateway stores; a value is refused when its encoded form exceeds
     *                      this by more than the codec's few hundred bytes of framing
     */
    public static RedisResponseCache connect(Vertx vertx, String url, String keyPrefix, long maxEntryBytes) {
        Redis redis = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(url)
                .setMaxPoolSize(Math.max(8, Runtime.getRuntime().availableProcessors() * 2))
                .setMaxPoolWaiting(10_000)
                .setMaxWaitingHandlers(10_000));
        return new RedisResponseCache(redis, keyPrefix, maxEntryBytes + 64 * 1024, redacted(url), true);
    }

    @Override
    public Future<CachedResponse> get(CacheKey key) {
        return redis.send(Request.cmd(Command.GET).arg(prefix + key.hex()))
                .map(RedisResponseCache::decode);
    }

    @Override
    public Future<Void> put(CacheKey key, CachedResponse entry, long ttlMillis) {
        byte[] value = CachedResponseCodec.encode(entry);
        if (value.length > maxValueBytes) {
            return Future.failedFuture(new IllegalArgumentException("entry of " + value.length + " bytes is over the limit"));
        }
        return redis.send(Request.cmd(Command.SET).arg(prefix + key.hex()).arg(Buffer.buffer(value))
                        .arg("PX").arg(Math.max(1, ttlMillis)))
                .mapEmpty();
    }

    private static CachedResponse decode(Response value) {
        return value == null ? null : CachedResponseCodec.decode(value.toBytes());
    }

    @Override
    public String describe() {
        return (ownsClient ? "Redis at " : "") + where + ", keys " + prefix + "…";
    }

    @Override
    public void close() {
        if (ownsClient) {
            redis.close();
        }
    }

    /** The URL without its password, for logs. */
    static String redacted(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getPath() != null ? uri.getPath() : "");
        } catch (IllegalArgumentException e) {
            return "(unparsable URL)";
        }
    }
}
