package dev.tollgate.limits;

import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.GatewayProcess;
import dev.tollgate.testkit.ScratchRedis;
import dev.tollgate.testkit.TestDatabases;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateways on loopback, one in this JVM and one in a JVM of its own, sharing a PostgreSQL database and a Redis
 * the test started: rate limits hold across both, and survive Redis going away and coming back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLimitsTest {

    static final String CONFIG = """
            server: { port: 0, max_body_bytes: 65536, shutdown_grace_ms: 2000 }
            storage: { url: "${STORAGE}" }
            state: { url: "${STATE_URL}", key_prefix: "${STATE_PREFIX}" }
            limits:
              on_state_unavailable: local
              expected_nodes: 2
              state_timeout_ms: 2000
              policies:
                rpm60: { rpm: 60 }
                rpm10: { rpm: 10 }
                tpm2000: { tpm: 2000 }
                three_at_once: { concurrency: 3 }
            providers:
              - name: sim
                type: openai
                base_url: ${SIM}
                keys: ["${UPSTREAM_KEY}"]
            models:
              - name: fast
                deployments: [{ provider: sim, model: "gpt-4o-mini+ttft_ms=5" }]
              - name: slow
                deployments: [{ provider: sim, model: "gpt-4o-mini+ttft_ms=1500" }]
            """;

    static ScratchRedis redis;
    static GatewayHarness a;
    static GatewayProcess b;
    static Path dir;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(TestDatabases.postgresAvailable() && ScratchRedis.available(),
                "needs PostgreSQL and redis-server");
        dir = Files.createTempDirectory("tollgate-limits");
        redis = ScratchRedis.start(dir);
        String database = TestDatabases.freshPostgres();
        String prefix = "test-" + UUID.randomUUID() + ":";
        String upstreamKey = "sk-sim-" + UUID.randomUUID();
        Map<String, String> env = Map.of("STATE_URL", redis.url(), "STATE_PREFIX", prefix, "UPSTREAM_KEY", upstreamKey);
        a = GatewayHarness.start(CONFIG, database, upstreamKey, sim -> env);
        String resolved = CONFIG.replace("${SIM}", a.simulator().baseUrl() + "/v1").replace("${STORAGE}", database);
        b = GatewayProcess.start(GatewayProcess.Spec.of(dir.resolve("b"), resolved).withEnv(env),
                Duration.ofSeconds(90));
        // a first limited call on each node, so that no limit test measures a cold JVM's first Redis round trip
        // (one slower than limits.state_timeout_ms would be decided by the local fallback)
        String warm = key("rpm60");
        for (String node : both()) {
            assertThat(call(node, warm, "POST", "fast").statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A key with the policy, made on node a and awaited on node b (the key snapshot's change counter). */
    static String key(String policy) {
        HttpResponse<String> r = a.admin("POST", "/admin/v1/keys",
                new JsonObject().put("name", policy).put("rate_limit_policy", policy).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject key = new JsonObject(r.body());
        assertThat(key.getString("rate_limit_policy")).isEqualTo(policy);
        String plaintext = key.getString("key");
        await().atMost(Duration.ofSeconds(10)).until(() -> call(b.baseUrl(), plaintext, "GET", null).statusCode() == 200);
        return plaintext;
    }

    static HttpRequest request(String base, String key, String model) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}"))
                .build();
    }

    static HttpResponse<String> call(String base, String key, String method, String model) {
        try {
            HttpRequest req = method.equals("GET")
                    ? HttpRequest.newBuilder(URI.create(base + "/v1/models")).header("authorization", "Bearer " + key)
                    .GET().build()
                    : request(base, key, model);
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@code count} calls at once, alternating over the given gateways. */
    static List<HttpResponse<String>> burst(List<String> gateways, String key, String model, int count) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(HTTP.sendAsync(request(gateways.get(i % gateways.size()), key, model),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    static long count(List<HttpResponse<String>> answers, int status) {
        return answers.stream().filter(r -> r.statusCode() == status).count();
    }

    static List<String> both() {
        return List.of(a.baseUrl(), b.baseUrl());
    }

    @Test
    @Order(1)
    void aBurstOf120AtA60RpmKeyAcrossTwoGatewaysGetsAtMost60() {
        String key = key("rpm60");
        List<HttpResponse<String>> answers = burst(both(), key, "fast", 120);
        long ok = count(answers, 200);
        System.out.printf("rpm burst: 120 calls over two gateways at a 60 RPM key: %d answered, %d refused%n", ok,
                count(answers, 429));
        assertThat(ok).isBetween(50L, 60L);
        assertThat(ok + count(answers, 429)).isEqualTo(120);
        for (HttpResponse<String> r : answers) {
            assertThat(r.headers().firstValue("x-ratelimit-limit-requests")).hasValue("60");
            if (r.statusCode() == 429) {
                assertThat(Long.parseLong(r.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
                assertThat(r.headers().firstValue("retry-after-ms")).isPresent();
                assertThat(r.headers().firstValue("x-should-retry")).hasValue("true");
                assertThat(r.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
                assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code"))
                        .isEqualTo("rate_limit_exceeded");
            }
        }
        // both nodes answered some: the limit is one, not one per node
        assertThat(answers.stream().filter(r -> r.statusCode() == 200).map(r -> r.uri().getPort()).distinct())
                .hasSize(2);
    }

    @Test
    @Order(2)
    void anAnthropicCallerIsRefusedInItsOwnDialect() {
        String key = key("rpm10");
        burst(both(), key, "fast", 10);
        HttpResponse<String> refused;
        try {
            refused = HTTP.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/v1/messages"))
                    .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast\",\"max_tokens\":16,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("type"))
                .isEqualTo("rate_limit_error");
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
    }

    @Test
    @Order(3)
    void tokensAreReservedAtTheWorstCaseAndSettledAtTheActualCountOnBothNodes() throws Exception {
        String key = key("tpm2000");
        // each call reserves its worst case (~200 tokens: body bytes + overhead + max_tokens) but uses ~30: one
        // after another, many more than 2000 / 200 fit, because each settlement gives the difference back
        int sequential = 0;
        for (int i = 0; i < 24; i++) {
            HttpResponse<String> r = call(both().get(i % 2), key, "POST", "fast");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("2000");
            sequential++;
        }
        assertThat(sequential).isGreaterThan(2000 / 200);
        List<HttpResponse<String>> answers = burst(both(), key, "fast", 60);
        assertThat(count(answers, 429)).isPositive();
        assertThat(answers).filteredOn(r -> r.statusCode() == 429).allSatisfy(r ->
                assertThat(r.headers().firstValue("x-ratelimit-remaining-tokens")).isPresent());
        // what was actually used in this minute stays within the limit
        String keyId = keyId(key);
        await().atMost(Duration.ofSeconds(20)).until(() -> a.gateway().pendingUsage() == 0
                && usage("SELECT COUNT(*) FROM usage_events WHERE key_id = ?", keyId) >= 24 + count(answers, 200));
        assertThat(usage("SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) FROM usage_events "
                + "WHERE key_id = ? AND status = 200", keyId)).isPositive().isLessThanOrEqualTo(2000);
    }

    @Test
    @Order(4)
    void threeConcurrentCallsAtMostAcrossBothNodesAndTheSlotsComeBack() {
        String key = key("three_at_once");
        List<HttpResponse<String>> answers = burst(both(), key, "slow", 12);
        assertThat(count(answers, 200)).isBetween(1L, 3L);
        assertThat(count(answers, 429)).isGreaterThanOrEqualTo(9);
        // every call has ended: the slots are free again
        assertThat(count(burst(both(), key, "slow", 3), 200)).isEqualTo(3);
    }

    @Test
    @Order(5)
    void redisStoppedCallsKeepFlowingUnderLocalLimitsAndRedisBackSharedLimitsResume() {
        redis.stop();
        String outage = key("rpm10");
        // each node limits on its own: 10 / expected_nodes 2 = 5 per node
        List<HttpResponse<String>> onA = burst(List.of(a.baseUrl()), outage, "fast", 8);
        List<HttpResponse<String>> onB = burst(List.of(b.baseUrl()), outage, "fast", 8);
        assertThat(count(onA, 200)).isEqualTo(5);
        assertThat(count(onB, 200)).isEqualTo(5);
        assertThat(count(onA, 429) + count(onB, 429)).isEqualTo(6);
        assertThat(a.gateway().limiter().degraded()).isTrue();
        assertThat(a.gateway().scrapeMetrics()).contains("tollgate_limit_state_unavailable_total{policy=\"local\"}");

        redis.start(); // empty: no gateway restarted
        String after = key("rpm10");
        // the limiters try Redis again on limited calls, at most once a second; neither gateway restarts
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            probe(after);
            return !a.gateway().limiter().degraded() && b.logText().contains("reachable again");
        });
        String shared = key("rpm10");
        // shared again: one node alone gets the whole 10, and the other none of it
        List<HttpResponse<String>> first = burst(List.of(a.baseUrl()), shared, "fast", 14);
        List<HttpResponse<String>> second = burst(List.of(b.baseUrl()), shared, "fast", 4);
        assertThat(count(first, 200)).isEqualTo(10);
        assertThat(count(second, 200)).isZero();
    }

    /** A limited call on each node, to make their limiters try the shared state again. */
    static void probe(String key) {
        call(a.baseUrl(), key, "POST", "fast");
        call(b.baseUrl(), key, "POST", "fast");
    }

    static String keyId(String plaintext) throws Exception {
        HttpResponse<String> list = a.admin("GET", "/admin/v1/keys?limit=100", null);
        for (Object o : new JsonObject(list.body()).getJsonArray("data")) {
            JsonObject k = (JsonObject) o;
            if (plaintext.startsWith(k.getString("prefix"))) {
                return k.getString("id");
            }
        }
        throw new AssertionError("key not listed");
    }

    static long usage(String sql, String keyId) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.jdbc(a.storageUrl()));
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
