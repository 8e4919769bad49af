package dev.tollgate.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.server.Gateway;
import dev.tollgate.server.GatewayOptions;
import dev.tollgate.simulator.Simulator;
import dev.tollgate.simulator.SimulatorOptions;
import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.GatewayProcess;
import dev.tollgate.testkit.ScratchRedis;
import dev.tollgate.testkit.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 9's cluster mode end to end: three gateways on loopback (one in this JVM, two as processes of their own)
 * sharing one PostgreSQL database and one Redis, both of this test's making (the Redis is stopped mid-test). A
 * cache entry written through one node answers on another; a key revoked on one is refused by another within a
 * second; a breaker that opens on one node opens on the others; and with Redis gone, calls go on (ledger
 * {@code fail_open}, cache misses) and the shared state comes back when Redis does, no gateway restarted.
 */
class ClusterModeTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String config(String simulator, String database, String redis, String prefix) {
        return """
                server: { port: 0, shutdown_grace_ms: 2000 }
                storage: { url: "%s" }
                state: { url: "%s", key_prefix: "%s" }
                ledger: { on_state_unavailable: fail_open, state_timeout_ms: 500 }
                cache: { enabled: false, store: redis, redis_key_prefix: "%scache:", lookup_timeout_ms: 200,
                         models: { gpt-4o-mini: { enabled: true, ttl_seconds: 600 } } }
                routing:
                  retry: { max_attempts: 1 }
                  breaker: { consecutive_failures: 2, min_calls: 100, cooldown_ms: 60000 }
                providers:
                  - { name: sim, type: openai, base_url: "%s/v1", keys: ["sk-sim-cluster"] }
                models:
                  - { name: gpt-4o-mini, deployments: [{ provider: sim, model: gpt-4o-mini }] }
                  - { name: broken, deployments: [{ name: always-500, provider: sim, model: gpt-4o-mini+status=500 }] }
                """.formatted(database, redis, prefix, prefix, simulator);
    }

    @Test
    void threeGatewaysShareCacheKeysBreakersAndSurviveARedisOutage() throws Exception {
        boolean required = "1".equals(System.getenv("TOLLGATE_TEST_REQUIRE_SERVICES"));
        assumeTrue(required || (TestDatabases.postgresAvailable() && ScratchRedis.available()),
                "needs PostgreSQL and redis-server on the PATH");
        String prefix = "cluster-" + UUID.randomUUID() + ":";
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults());
             ScratchRedis redis = ScratchRedis.start(Files.createDirectories(dir.resolve("redis")))) {
            String config = config(sim.baseUrl(), TestDatabases.freshPostgres(), redis.url(), prefix);
            // nodes 2 and 3 start (JVM and all) while node 1 starts here
            CompletableFuture<GatewayProcess> start2 = CompletableFuture.supplyAsync(() -> GatewayProcess.start(
                    GatewayProcess.Spec.of(dir.resolve("node2"), config), Duration.ofSeconds(90)));
            CompletableFuture<GatewayProcess> start3 = CompletableFuture.supplyAsync(() -> GatewayProcess.start(
                    GatewayProcess.Spec.of(dir.resolve("node3"), config), Duration.ofSeconds(90)));
            Path node1Dir = Files.createDirectories(dir.resolve("node1"));
            Files.writeString(node1Dir.resolve("tollgate.yaml"), config);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("TOLLGATE_SECRET_KEY", GatewayHarness.SECRET_KEY);
            try (Gateway gateway1 = Gateway.start(new GatewayOptions(node1Dir.resolve("tollgate.yaml"), 0,
                         GatewayHarness.ADMIN_KEY, env::get, 100, node1Dir.resolve("data")));
                 GatewayProcess process2 = start2.join();
                 GatewayProcess process3 = start3.join()) {
                String node1 = "http://127.0.0.1:" + gateway1.port();
                String node2 = process2.baseUrl();
                String node3 = process3.baseUrl();
                List<String> nodes = List.of(node1, node2, node3);

                // a tenant with a budget: every call of its key reserves and settles in Redis
                String org = id(admin(node1, "POST", "/admin/v1/orgs", "{\"name\":\"cluster\"}", 201));
                String team = id(admin(node1, "POST", "/admin/v1/teams", "{\"org_id\":\"" + org + "\",\"name\":\"t\"}", 201));
                String user = id(admin(node1, "POST", "/admin/v1/users",
                        "{\"team_id\":\"" + team + "\",\"email\":\"u@cluster.test\"}", 201));
                admin(node1, "POST", "/admin/v1/budgets", "{\"scope_kind\":\"org\",\"scope_id\":\"" + org
                        + "\",\"amount_nano_usd\":1000000000000,\"period\":\"daily\"}", 201);
                String key = key(node1, "{\"user_id\":\"" + user + "\"}");
                for (String node : nodes) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> chat(node, key, "ready? " + node).statusCode() == 200);
                }

                // 1. a cache entry written through node 1 answers through node 3
                String prompt = "shared " + UUID.randomUUID();
                HttpResponse<String> first = chat(node1, key, prompt);
                assertThat(cacheHeader(first)).isEqualTo("miss");
                HttpResponse<String> elsewhere = chat(node3, key, prompt);
                assertThat(cacheHeader(elsewhere)).as("node 3 answers from the entry node 1 stored").isEqualTo("hit");
                assertThat(elsewhere.body()).isEqualTo(first.body());

                // 2. a key revoked on node 2 is refused by node 1 within a second (five times, to see the spread)
                List<Long> revokeMs = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String name = "doomed-" + i;
                    String doomed = key(node2, "{\"name\":\"" + name + "\"}");
                    String doomedId = findKeyId(node2, name);
                    await().atMost(Duration.ofSeconds(5)).until(() -> models(node1, doomed) == 200);
                    long revokedAt = System.nanoTime();
                    admin(node2, "POST", "/admin/v1/keys/" + doomedId + "/revoke", null, 200);
                    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                            .until(() -> models(node1, doomed) == 401);
                    revokeMs.add((System.nanoTime() - revokedAt) / 1_000_000);
                }
                System.out.printf("cluster: keys revoked on node 2 were refused by node 1 after %s ms%n", revokeMs);

                // 3. a breaker that opens on node 1 opens on node 3 (which had routed to that deployment before)
                assertThat(chat(node3, key, "probe", "broken").statusCode()).isGreaterThanOrEqualTo(500);
                assertThat(breaker(node3, "broken", "always-500")).isEqualTo("closed");
                chat(node1, key, "fail 1", "broken");
                chat(node1, key, "fail 2", "broken");
                assertThat(breaker(node1, "broken", "always-500")).isEqualTo("open");
                await().atMost(Duration.ofSeconds(1)).until(() -> "open".equals(breaker(node3, "broken", "always-500")));

                // 4. Redis goes away: calls keep flowing (ledger fail_open, cache misses)
                assertThat(process2.metric("tollgate_cluster_bus_subscribed")).isEqualTo(1.0);
                redis.stop();
                await().atMost(Duration.ofSeconds(5)).until(() -> process2.metric("tollgate_cluster_bus_subscribed") == 0.0);
                List<Integer> during = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    during.add(chat(nodes.get(i % 3), key, "outage " + i + " " + UUID.randomUUID()).statusCode());
                }
                assertThat(during).as("answers while Redis is down").containsOnly(200);
                HttpResponse<String> cachedButDown = chat(node2, key, prompt);
                assertThat(cachedButDown.statusCode()).isEqualTo(200);
                assertThat(cacheHeader(cachedButDown)).as("the shared cache is unreachable: a miss").isEqualTo("miss");

                // 5. Redis is back (empty): shared state resumes, no gateway restarted
                redis.start();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    String again = "after the outage " + UUID.randomUUID();
                    return "miss".equals(cacheHeader(chat(node1, key, again)))
                            && "hit".equals(cacheHeader(chat(node2, key, again)));
                });
                // the bus is subscribed again too: a key revoked on node 3 is refused by node 1 within a second
                await().atMost(Duration.ofSeconds(10)).until(() -> process2.metric("tollgate_cluster_bus_subscribed") == 1.0);
                String late = key(node3, "{\"name\":\"late\"}");
                String lateId = findKeyId(node3, "late");
                await().atMost(Duration.ofSeconds(5)).until(() -> models(node1, late) == 200);
                long lateAt = System.nanoTime();
                admin(node3, "POST", "/admin/v1/keys/" + lateId + "/revoke", null, 200);
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                        .until(() -> models(node1, late) == 401);
                System.out.printf("cluster: after Redis came back, a revoked key was refused elsewhere after %d ms%n",
                        (System.nanoTime() - lateAt) / 1_000_000);
                assertThat(chat(node3, key, "budget again " + UUID.randomUUID()).statusCode()).isEqualTo(200);
            }
        }
    }

    private static String findKeyId(String node, String name) throws IOException {
        for (JsonNode k : JSON.readTree(admin(node, "GET", "/admin/v1/keys", null, 200)).path("data")) {
            if (name.equals(k.path("name").asText())) {
                return k.path("id").asText();
            }
        }
        throw new AssertionError("no key named " + name);
    }

    private static String breaker(String node, String model, String deployment) throws IOException {
        for (JsonNode d : JSON.readTree(admin(node, "GET", "/admin/v1/routing/health", null, 200)).path("data")) {
            if (model.equals(d.path("model").asText()) && deployment.equals(d.path("deployment").asText())) {
                return d.path("breaker").asText();
            }
        }
        return null;
    }

    private static String cacheHeader(HttpResponse<String> r) {
        return r.headers().firstValue("x-tollgate-cache").orElse(null);
    }

    private static HttpResponse<String> chat(String node, String key, String prompt) {
        return chat(node, key, prompt, "gpt-4o-mini");
    }

    private static HttpResponse<String> chat(String node, String key, String prompt, String model) {
        return send(HttpRequest.newBuilder(URI.create(node + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}")).build());
    }

    private static int models(String node, String key) {
        return send(HttpRequest.newBuilder(URI.create(node + "/v1/models"))
                .header("authorization", "Bearer " + key).GET().build()).statusCode();
    }

    private static String admin(String node, String method, String path, String body, int expected) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(node + path))
                .header("authorization", "Bearer " + GatewayHarness.ADMIN_KEY).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body();
    }

    private static String key(String node, String json) throws IOException {
        return JSON.readTree(admin(node, "POST", "/admin/v1/keys", json, 201)).path("key").asText();
    }

    private static String id(String json) throws IOException {
        return JSON.readTree(json).path("id").asText();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
