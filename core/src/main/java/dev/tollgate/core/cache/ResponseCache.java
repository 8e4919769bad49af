package dev.tollgate.core.cache;

import io.vertx.core.Future;

/**
 * Where cached answers live: in this process ({@link InMemoryResponseCache}) or shared by every node of a
 * cluster (the Redis store in {@code state-redis}). Keys are {@link CacheKey}s, already scoped to a tenant, so a
 * store never needs to know who asks. Both operations are asynchronous and never block the calling event loop;
 * a failing store behaves as an empty one (the caller logs and calls upstream). Thread-safe.
 */
public interface ResponseCache extends AutoCloseable {

    /** The entry stored under the key and not yet expired, or a null result. */
    Future<CachedResponse> get(CacheKey key);

    /** Stores the entry for {@code ttlMillis}, replacing any entry under the key. */
    Future<Void> put(CacheKey key, CachedResponse entry, long ttlMillis);

    /** For the start-up log: which store, where. */
    String describe();

    @Override
    void close();
}
