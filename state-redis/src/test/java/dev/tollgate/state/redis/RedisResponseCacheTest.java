package dev.tollgate.state.redis;

import dev.tollgate.core.cache.CacheKey;
import dev.tollgate.core.cache.CachedResponse;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis store against the test Redis ({@code TOLLGATE_TEST_REDIS_URL}), under a key prefix of its own. */
class RedisResponseCacheTest {

    static Vertx vertx;
    static RedisResponseCache cache;

    @BeforeAll
    static void start() {
        String url = System.getenv("TOLLGATE_TEST_REDIS_URL");
        if ((url == null || url.isBlank()) && "1".equals(System.getenv("TOLLGATE_TEST_REQUIRE_SERVICES"))) {
            throw new IllegalStateException("TOLLGATE_TEST_REDIS_URL is not set: run the tests with ./tollgate test");
        }
        Assumptions.assumeTrue(url != null && !url.isBlank(), "no Redis: run ./tollgate test");
        vertx = Vertx.vertx();
        cache = RedisResponseCache.connect(vertx, url, "tollgate-test:" + UUID.randomUUID() + ":", 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cache != null) {
            cache.close();
        }
        if (vertx != null) {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEntryComesBackAsItWasStored() throws Exception {
        CacheKey key = new CacheKey(UUID.randomUUID().toString());
        TokenUsage usage = new TokenUsage(12, 3, 0, 0, 0, false);
        cache.put(key, CachedResponse.streamed(200, "text/event-stream; charset=utf-8",
                List.of(b("data: a\n\n"), b("data: b\n\ndata: [DONE]\n\n")), usage), 60_000).await(5, TimeUnit.SECONDS);
        CachedResponse back = cache.get(key).await(5, TimeUnit.SECONDS);
        assertThat(back.streamed()).isTrue();
        assertThat(back.chunks()).hasSize(2);
        assertThat(new String(back.chunks().get(1), StandardCharsets.UTF_8)).isEqualTo("data: b\n\ndata: [DONE]\n\n");
        assertThat(back.usage()).isEqualTo(usage);
        assertThat(cache.get(new CacheKey("absent")).await(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void redisExpiresTheEntryAfterItsTtl() throws Exception {
        CacheKey key = new CacheKey(UUID.randomUUID().toString());
        cache.put(key, CachedResponse.buffered(200, "application/json", b("{}"), null), 100).await(5, TimeUnit.SECONDS);
        assertThat(cache.get(key).await(5, TimeUnit.SECONDS)).isNotNull();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        CachedResponse found;
        do {
            found = cache.get(key).await(5, TimeUnit.SECONDS);
        } while (found != null && System.nanoTime() < deadline);
        assertThat(found).isNull();
    }

    @Test
    void aValueOverTheLimitIsRefused() {
        CacheKey key = new CacheKey(UUID.randomUUID().toString());
        assertThatThrownBy(() -> cache.put(key, CachedResponse.buffered(200, "application/json",
                new byte[200 * 1024], null), 60_000).await(5, TimeUnit.SECONDS))
                .hasMessageContaining("over the limit");
    }

    @Test
    void theUrlIsLoggedWithoutItsPassword() {
        assertThat(RedisResponseCache.redacted("redis://:s3cret@cache.internal:6380/2"))
                .isEqualTo("redis://cache.internal:6380/2");
    }
}
