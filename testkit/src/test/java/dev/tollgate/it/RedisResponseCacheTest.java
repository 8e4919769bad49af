package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.tollgate.it.ResponseCacheTest.cache;
import static dev.tollgate.it.ResponseCacheTest.call;
import static dev.tollgate.it.ResponseCacheTest.chat;
import static dev.tollgate.it.ResponseCacheTest.nonce;
import static dev.tollgate.it.ResponseCacheTest.upstreamCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The response cache in Redis ({@code cache.store: redis}), as a cluster uses it: two gateways in one JVM, one
 * PostgreSQL database, one Redis, each gateway with its own simulator (so each simulator counts the upstream calls
 * of its own gateway). An entry stored through one gateway answers the same tenant's call through the other.
 */
class RedisResponseCacheTest {

    static final String CONFIG = ResponseCacheTest.CONFIG
            .replace("storage: { url: \"${STORAGE}\" }", "storage: { url: \"${STORAGE}\" }\nstate: { url: \"${REDIS_URL}\" }")
            .replace("  enabled: true\n", "  enabled: true\n  store: redis\n  redis_key_prefix: \"${CACHE_PREFIX}\"\n");

    static GatewayHarness node1;
    static GatewayHarness node2;
    static String sharedKey;

    @BeforeAll
    static void start() {
        String redis = System.getenv("TOLLGATE_TEST_REDIS_URL");
        if ((redis == null || redis.isBlank()) && "1".equals(System.getenv("TOLLGATE_TEST_REQUIRE_SERVICES"))) {
            throw new IllegalStateException("TOLLGATE_TEST_REDIS_URL is not set: run the tests with ./tollgate test");
        }
        Assumptions.assumeTrue(redis != null && !redis.isBlank(), "no Redis: run ./tollgate test");
        Assumptions.assumeTrue(TestDatabases.postgresAvailable(), "no PostgreSQL: run ./tollgate test");
        String database = TestDatabases.freshPostgres();
        Map<String, String> env = Map.of("REDIS_URL", redis, "CACHE_PREFIX", "tollgate-test:" + UUID.randomUUID() + ":");
        node1 = GatewayHarness.start(CONFIG, database, "sk-sim-" + UUID.randomUUID(), sim -> env);
        node2 = GatewayHarness.start(CONFIG, database, "sk-sim-" + UUID.randomUUID(), sim -> env);
        String org = ResponseCacheTest.id(node1.admin("POST", "/admin/v1/orgs", "{\"name\":\"redis-org\"}").body());
        String team = ResponseCacheTest.id(node1.admin("POST", "/admin/v1/teams", "{\"org_id\":\"" + org + "\",\"name\":\"t\"}").body());
        String user = ResponseCacheTest.id(node1.admin("POST", "/admin/v1/users", "{\"team_id\":\"" + team + "\",\"email\":\"u@x.test\"}").body());
        sharedKey = node1.createKey("{\"user_id\":\"" + user + "\"}");
        // the key reaches the other node's snapshot through the database's change counter
        await().atMost(Duration.ofSeconds(10)).until(() ->
                call(node2, sharedKey, chat("uncached", "ready?", "")).statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (node2 != null) {
            node2.close();
        }
        if (node1 != null) {
            node1.close();
        }
    }

    static void awaitStored(GatewayHarness gw, long storesBefore) {
        await().atMost(Duration.ofSeconds(5)).until(() -> stores(gw) > storesBefore);
    }

    static long stores(GatewayHarness gw) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("tollgate_cache_stores_total\\{model=\"[^\"]+\"} ([0-9.E]+)")
                .matcher(gw.gateway().scrapeMetrics());
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return (long) total;
    }

    @Test
    void anEntryIsStoredInRedisAndHitThroughTheSameGateway() {
        String body = chat("gpt-4o-mini", "redis " + nonce(), "");
        long stored = stores(node1);
        long before = upstreamCalls(node1);
        HttpResponse<String> first = call(node1, sharedKey, body);
        assertThat(cache(first)).isEqualTo("miss");
        awaitStored(node1, stored);
        HttpResponse<String> second = call(node1, sharedKey, body);
        assertThat(cache(second)).isEqualTo("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(upstreamCalls(node1) - before).isEqualTo(1);
    }

    @Test
    void anEntryWrittenThroughOneGatewayIsHitThroughTheOther() {
        String body = chat("gpt-4o-mini", "cluster " + nonce(), "");
        long stored = stores(node1);
        HttpResponse<String> first = call(node1, sharedKey, body);
        assertThat(cache(first)).isEqualTo("miss");
        awaitStored(node1, stored);
        long before = upstreamCalls(node2);
        HttpResponse<String> second = call(node2, sharedKey, body);
        assertThat(cache(second)).isEqualTo("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(upstreamCalls(node2) - before).isZero();
        assertThat(ResponseCacheTest.booked(node2, second).cacheHit()).isTrue();
        assertThat(ResponseCacheTest.booked(node2, second).costNanoUsd()).isZero();
    }

    @Test
    void aStreamStoredThroughOneGatewayIsReplayedThroughTheOtherInTheSameChunks() {
        String body = chat("chunky", "cluster stream " + nonce(), ",\"stream\":true");
        long stored = stores(node1);
        RawHttp.Answer original = RawHttp.post(node1.gateway().port(), "/v1/chat/completions", sharedKey, body, Map.of());
        assertThat(original.header("x-tollgate-cache")).isEqualTo("miss");
        awaitStored(node1, stored);
        RawHttp.Answer replay = RawHttp.post(node2.gateway().port(), "/v1/chat/completions", sharedKey, body, Map.of());
        assertThat(replay.header("x-tollgate-cache")).isEqualTo("hit");
        assertThat(original.chunks()).hasSizeGreaterThan(3);
        assertThat(replay.chunkTexts()).containsExactlyElementsOf(original.chunkTexts());
    }

    @Test
    void anotherTenantMissesInRedisToo() {
        String body = chat("gpt-4o-mini", "redis tenants " + nonce(), "");
        long stored = stores(node1);
        assertThat(cache(call(node1, sharedKey, body))).isEqualTo("miss");
        awaitStored(node1, stored);
        assertThat(cache(call(node2, node2.key(), body))).isEqualTo("miss");
        assertThat(cache(call(node1, node1.key(), body))).isEqualTo("miss");
    }

    @Test
    void redisExpiresAnEntryAfterItsTtl() {
        String body = chat("gpt-4o-mini", "redis ttl " + nonce(), "");
        long stored = stores(node1);
        assertThat(cache(call(node1, sharedKey, body, "x-tollgate-cache-ttl", "1"))).isEqualTo("miss");
        awaitStored(node1, stored);
        assertThat(cache(call(node2, sharedKey, body))).isEqualTo("hit");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> "miss".equals(cache(call(node2, sharedKey, body, "x-tollgate-cache-ttl", "0"))));
    }

    @Test
    void anUnreachableRedisMakesEveryLookupAMissAndCallsStillSucceed() {
        String config = CONFIG.replace("${REDIS_URL}", "redis://127.0.0.1:1");
        try (GatewayHarness orphan = GatewayHarness.start(config, null, "sk-sim-" + UUID.randomUUID(),
                sim -> Map.of("CACHE_PREFIX", "unused:"))) {
            String body = chat("gpt-4o-mini", "no redis " + nonce(), "");
            HttpResponse<String> first = call(orphan, orphan.key(), body);
            HttpResponse<String> second = call(orphan, orphan.key(), body);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(cache(first)).isEqualTo("miss");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(cache(second)).isEqualTo("miss");
            assertThat(orphan.gateway().scrapeMetrics()).containsPattern("tollgate_cache_errors_total\\{operation=\"get\"} [1-9]");
        }
    }
}
