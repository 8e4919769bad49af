package dev.tollgate.ledger;

import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.TestDatabases;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ledger's integration tests share: a priced configuration, tenants, parallel calls, database reads. */
final class LedgerHarness {

    /** Output tokens of every call: the simulator answers min(chunks = 16, max_tokens) words. */
    static final int OUTPUT_TOKENS = 16;
    /** USD per million output tokens; input is free, so the worst case reserved equals the actual charge. */
    static final long OUTPUT_PRICE_USD = 1_000;
    /** One call's charge: 16 tokens × $1000 per million = $0.016. */
    static final long CALL_NANO_USD = OUTPUT_TOKENS * OUTPUT_PRICE_USD * 1_000;

    /** ${STATE_URL} and ${STATE_PREFIX} come from the environment function; ${WEBHOOK_SECRET} too. */
    static final String CONFIG = """
            server: { port: 0, max_body_bytes: 65536, shutdown_grace_ms: 5000 }
            storage: { url: "${STORAGE}" }
            state: { url: "${STATE_URL}", key_prefix: "${STATE_PREFIX}" }
            ledger: { on_state_unavailable: fail_closed, webhook_secret: "${WEBHOOK_SECRET}" }
            providers:
              - name: sim
                type: openai
                base_url: ${SIM}
                keys: ["${UPSTREAM_KEY}"]
            models:
              - name: metered
                deployments: [{ provider: sim, model: "gpt-4o-mini+ttft_ms=20" }]
              - name: flaky
                retry: { max_attempts: 1 }
                deployments: [{ provider: sim, model: "gpt-4o-mini+ttft_ms=20+fail_rate=0.25+seed=8" }]
            prices:
              - { model: "gpt-4o-mini+ttft_ms=20", input: 0, output: 1000 }
              - { model: "gpt-4o-mini+ttft_ms=20+fail_rate=0.25+seed=8", input: 0, output: 1000 }
            """;

    static final String WEBHOOK_SECRET = "whsec-test-" + UUID.randomUUID();

    private LedgerHarness() {
    }

    static GatewayHarness start(String storageUrl, String stateUrl, String statePrefix) {
        return GatewayHarness.start(CONFIG, storageUrl, "sk-sim-" + UUID.randomUUID(), sim -> Map.of(
                "STATE_URL", stateUrl, "STATE_PREFIX", statePrefix, "WEBHOOK_SECRET", WEBHOOK_SECRET));
    }

    static JsonObject admin(GatewayHarness gw, String method, String path, String body, int expected) {
        HttpResponse<String> r = gw.admin(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return new JsonObject(r.body());
    }

    /** An organisation with one user and a key of that user's: ids and the key's plaintext. */
    record Tenant(String orgId, String userId, String keyId, String key) {
    }

    static Tenant tenant(GatewayHarness gw) {
        String org = admin(gw, "POST", "/admin/v1/orgs", "{\"name\":\"acme-" + UUID.randomUUID() + "\"}", 201)
                .getString("id");
        String user = admin(gw, "POST", "/admin/v1/users",
                "{\"org_id\":\"" + org + "\",\"email\":\"u" + UUID.randomUUID() + "@example.com\"}", 201).getString("id");
        JsonObject key = admin(gw, "POST", "/admin/v1/keys", "{\"name\":\"k\",\"user_id\":\"" + user + "\"}", 201);
        return new Tenant(org, user, key.getString("id"), key.getString("key"));
    }

    static String body(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":" + OUTPUT_TOKENS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    /** Sends {@code count} calls at once (alternating over the gateways) and returns every answer. */
    static List<HttpResponse<String>> parallel(List<GatewayHarness> gateways, String key, String model, int count) {
        return parallel(gateways.stream().map(GatewayHarness::openAiBaseUrl).toList(), key, model, count);
    }

    /** The same over the gateways' OpenAI base URLs ({@code http://host:port/v1}). */
    static List<HttpResponse<String>> parallel(Iterable<String> baseUrls, String key, String model, int count) {
        List<String> urls = new ArrayList<>();
        baseUrls.forEach(urls::add);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String url = urls.get(i % urls.size());
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/chat/completions"))
                    .timeout(Duration.ofSeconds(60))
                    .header("authorization", "Bearer " + key).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(model))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    static long count(List<HttpResponse<String>> answers, int status) {
        return answers.stream().filter(r -> r.statusCode() == status).count();
    }

    static Connection database(GatewayHarness gw) throws SQLException {
        return DriverManager.getConnection(TestDatabases.jdbc(gw.storageUrl()));
    }

    static long sum(GatewayHarness gw, String sql, String param) throws SQLException {
        try (Connection c = database(gw); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Makes a user prepaid with a credit, as the relay's top-up does: billing, a credit entry and the ledger's change
     * counter in one transaction.
     */
    static void prepaid(GatewayHarness gw, String userId, long creditNanoUsd) throws SQLException {
        try (Connection c = database(gw)) {
            c.setAutoCommit(false);
            try (PreparedStatement billing = c.prepareStatement("UPDATE users SET billing = 'prepaid' WHERE id = ?");
                 PreparedStatement credit = c.prepareStatement("INSERT INTO credit_entries (id, user_id, "
                         + "amount_nano_usd, kind, created_at) VALUES (?, ?, ?, 'topup', ?)");
                 PreparedStatement bump = c.prepareStatement(
                         "UPDATE change_counters SET version = version + 1 WHERE name = 'ledger'")) {
                billing.setString(1, userId);
                billing.executeUpdate();
                credit.setString(1, "cr_" + UUID.randomUUID());
                credit.setString(2, userId);
                credit.setLong(3, creditNanoUsd);
                credit.setLong(4, System.currentTimeMillis());
                credit.executeUpdate();
                bump.executeUpdate();
            }
            c.commit();
        }
    }

    static double metric(GatewayHarness gw, String name) {
        for (String line : gw.gateway().scrapeMetrics().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }
}
