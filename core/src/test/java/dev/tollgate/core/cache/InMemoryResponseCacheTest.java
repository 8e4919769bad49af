package dev.tollgate.core.cache;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InMemoryResponseCacheTest {

    static CachedResponse entry(int bytes) {
        return CachedResponse.buffered(200, "application/json", new byte[bytes], null);
    }

    @Test
    void anEntryIsFoundUntilItsTtlRunsOut() {
        InMemoryResponseCache cache = new InMemoryResponseCache(1 << 20, new CacheMetrics(new SimpleMeterRegistry()));
        cache.put(new CacheKey("a"), entry(10), 60_000);
        cache.put(new CacheKey("b"), entry(10), 50);
        assertThat(cache.get(new CacheKey("a")).result()).isNotNull();
        assertThat(cache.get(new CacheKey("c")).result()).isNull();
        await().atMost(Duration.ofSeconds(2)).until(() -> cache.get(new CacheKey("b")).result() == null);
        assertThat(cache.get(new CacheKey("a")).result()).isNotNull();
    }

    @Test
    void theByteBudgetHoldsAndEvictionsAreCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryResponseCache cache = new InMemoryResponseCache(10_000, new CacheMetrics(registry));
        for (int i = 0; i < 50; i++) {
            cache.put(new CacheKey("k" + i), entry(1_000), 60_000);
        }
        cache.cleanUp();
        assertThat(cache.weightedBytes()).isPositive().isLessThanOrEqualTo(10_000);
        assertThat(registry.get("tollgate_cache_evictions").tag("cause", "size").counter().count()).isGreaterThan(30);
    }
}
