package dev.tollgate.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * The response cache inside one gateway process (Caffeine): bounded by the bytes its entries hold (a weigher
 * with {@code cache.max_bytes}; Caffeine's W-TinyLFU decides what goes when full), each entry living for its own
 * TTL. Reads and writes are lock-free map operations, done on the calling event loop; maintenance (eviction) runs
 * on the calling thread too, amortised, rather than on the common fork-join pool. Thread-safe.
 */
public final class InMemoryResponseCache implements ResponseCache {

    private record Stored(CachedResponse entry, long ttlNanos) {
    }

    private final Cache<String, Stored> entries;
    private final long maxBytes;

    public InMemoryResponseCache(long maxBytes, CacheMetrics metrics) {
        this.maxBytes = maxBytes;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Stored s) -> (int) Math.min(Integer.MAX_VALUE, s.entry().weight() + key.length() * 2L))
                .expireAfter(Expiry.writing((String key, Stored s) -> Duration.ofNanos(s.ttlNanos())))
                .executor(Runnable::run)
                .removalListener((String key, Stored s, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        metrics.evicted("size");
                    } else if (cause == RemovalCause.EXPIRED) {
                        metrics.evicted("expired");
                    }
                })
                .build();
        Gauge.builder("tollgate_cache_bytes", this, InMemoryResponseCache::weightedBytes)
                .description("Bytes held by the in-process response cache (estimated)").register(metrics.registry());
        Gauge.builder("tollgate_cache_entries", this, c -> c.entries.estimatedSize())
                .description("Entries in the in-process response cache").register(metrics.registry());
    }

    @Override
    public Future<CachedResponse> get(CacheKey key) {
        Stored s = entries.getIfPresent(key.hex());
        return Future.succeededFuture(s == null ? null : s.entry());
    }

    @Override
    public Future<Void> put(CacheKey key, CachedResponse entry, long ttlMillis) {
        entries.put(key.hex(), new Stored(entry, ttlMillis * 1_000_000L));
        return Future.succeededFuture();
    }

    /** The entries' total weight, as the byte budget counts it. */
    public long weightedBytes() {
        return entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /** Runs pending maintenance now (evictions are otherwise amortised over later operations). For tests. */
    public void cleanUp() {
        entries.cleanUp();
    }

    @Override
    public String describe() {
        return "in-process, up to " + maxBytes + " bytes";
    }

    @Override
    public void close() {
        entries.invalidateAll();
    }
}
