package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Providers and model groups through the admin API: served without restart on every node of one database,
 * sealed at rest, masked everywhere, file names read-only, and start-up refusing secret keys that do not fit.
 * Run once per storage backend by the subclasses.
 */
abstract class ProviderAdminBehaviour {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Deliberately not key-shaped, so only masking and sealing can keep it out of answers, logs and rows. */
    static final String CANARY = "canary" + UUID.randomUUID().toString().replace("-", "");
    static final String CANARY_2 = "canary2" + UUID.randomUUID().toString().replace("-", "");
    static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    static LogCapture logs;
    static GatewayHarness gw;
    static GatewayHarness second;

    /** A storage URL for a fresh database of this backend, or null for a fresh SQLite file. */
    abstract String freshStorage();

    /** Called by the subclasses: two gateways on one database. */
    static void startTwo(String storage) {
        logs = new LogCapture();
        gw = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG, storage, "sk-file-" + UUID.randomUUID());
        second = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG, gw.storageUrl(), "sk-file-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        for (GatewayHarness h : new GatewayHarness[]{second, gw}) {
            if (h != null) {
                h.close();
            }
        }
        second = null;
        gw = null;
        if (logs != null) {
            logs.close();
        }
    }

    static JsonNode expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static String provider(String name, String baseUrl, String key) {
        return "{\"name\":\"" + name + "\",\"type\":\"openai\",\"base_url\":\"" + baseUrl + "\",\"keys\":[\"" + key
                + "\"],\"headers\":{\"api-key\":\"" + key + "\",\"x-team\":\"search\"},\"read_timeout_ms\":15000}";
    }

    @Test
    void aKeyCreatedOrRevokedOnOneNodeTakesEffectOnTheOtherWithinASecond() {
        String key = gw.createKey("{\"name\":\"made on the first node\"}");
        String id = keyId(key);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> chatAs(second, key), status -> status == 200);
        assertThat(gw.admin("POST", "/admin/v1/keys/" + id + "/revoke", null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> chatAs(second, key), status -> status == 401);
    }

    /** The id of a key, found by its display prefix in the admin list. */
    private static String keyId(String plaintext) {
        JsonNode list;
        try {
            list = JSON.readTree(gw.admin("GET", "/admin/v1/keys?limit=200", null).body()).path("data");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        for (JsonNode k : list) {
            if (plaintext.startsWith(k.path("prefix").asText())) {
                return k.path("id").asText();
            }
        }
        throw new AssertionError("no key listed for the one just created");
    }

    static int chatAs(GatewayHarness on, String key) {
        return on.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(on.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o-mini\"," + HI + "}")).build()).statusCode();
    }

    static int chat(GatewayHarness on, String model) {
        return on.post("/v1/chat/completions", "{\"model\":\"" + model + "\"," + HI + "}").statusCode();
    }

    static boolean upstreamSaw(GatewayHarness sim, String key) {
        return sim.simulator().recentRequests().stream()
                .anyMatch(q -> ("Bearer " + key).equals(q.headers().get("authorization")));
    }

    @Test
    void providersAndModelsMadeThroughTheApiServeEveryNodeAndTheirKeyAppearsNowhere() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        String sim = gw.simulator().baseUrl() + "/v1";
        HttpResponse<String> created = gw.admin("POST", "/admin/v1/providers", provider("api-sim", sim, CANARY));
        answers.add(created);
        JsonNode shown = expect(created, 201);
        assertThat(shown.path("keys").get(0).asText()).isEqualTo("can…" + CANARY.substring(CANARY.length() - 4));
        assertThat(shown.path("headers").path("x-team").asText()).isEqualTo("search");
        assertThat(shown.path("secret_fields").toString()).contains("keys[0]", "headers.api-key");
        answers.add(expectAnswer(gw.admin("POST", "/admin/v1/models",
                "{\"name\":\"api-model\",\"deployments\":[{\"provider\":\"api-sim\",\"model\":\"gpt-4o-mini\"}]}"), 201));

        // no restart: the node that took the change and another node on the same database both serve it
        await().atMost(Duration.ofSeconds(2)).until(() -> chat(gw, "api-model") == 200);
        await().atMost(Duration.ofSeconds(2)).until(() -> chat(second, "api-model") == 200);
        assertThat(upstreamSaw(gw, CANARY)).isTrue();

        answers.add(expectAnswer(gw.admin("PATCH", "/admin/v1/providers/api-sim", "{\"keys\":[\"" + CANARY_2 + "\"]}"), 200));
        gw.simulator().clearRecorded();
        await().atMost(Duration.ofSeconds(2)).until(() -> chat(second, "api-model") == 200 && upstreamSaw(gw, CANARY_2));

        answers.add(gw.admin("GET", "/admin/v1/providers", null));
        answers.add(gw.admin("GET", "/admin/v1/providers/api-sim", null));
        answers.add(second.admin("GET", "/admin/v1/models/api-model", null));
        answers.add(gw.admin("GET", "/admin/v1/audit?limit=200", null));
        assertThat(answers.get(answers.size() - 1).body()).contains("provider.create", "provider.update");
        answers.add(expectAnswer(gw.admin("DELETE", "/admin/v1/models/api-model", null), 200));
        await().atMost(Duration.ofSeconds(2)).until(() -> chat(second, "api-model") == 404);

        for (HttpResponse<String> r : answers) {
            assertThat(r.body()).as(r.uri().toString()).doesNotContain(CANARY).doesNotContain(CANARY_2);
        }
        assertThat(dumpDatabase(gw.storageUrl())).contains("api-sim").doesNotContain(CANARY).doesNotContain(CANARY_2);
        assertThat(logs.text()).contains("api-model").doesNotContain(CANARY).doesNotContain(CANARY_2);
    }

    private static HttpResponse<String> expectAnswer(HttpResponse<String> r, int status) {
        expect(r, status);
        return r;
    }

    @Test
    void aWildcardModelGroupIsAddressedWithItsSlashPercentEncoded() {
        expect(gw.admin("POST", "/admin/v1/models",
                "{\"name\":\"api-wild/*\",\"deployments\":[{\"provider\":\"sim\",\"model\":\"*\"}]}"), 201);
        assertThat(expect(gw.admin("GET", "/admin/v1/models/api-wild%2F*", null), 200).path("name").asText())
                .isEqualTo("api-wild/*");
        await().atMost(Duration.ofSeconds(2)).until(() -> chat(gw, "api-wild/gpt-4o-mini") == 200);
        expect(gw.admin("DELETE", "/admin/v1/models/api-wild%2f*", null), 200);
        assertThat(gw.admin("GET", "/admin/v1/models/api-wild%2F*", null).statusCode()).isEqualTo(404);
    }

    @Test
    void namesFromTheFileAreReadOnlyAndInvalidEntriesAreRefusedByField() {
        JsonNode refused = expect(gw.admin("POST", "/admin/v1/providers", provider("sim", "http://127.0.0.1:9/v1", "k")), 409);
        assertThat(refused.path("error").path("message").asText()).contains("configuration file");
        expect(gw.admin("PATCH", "/admin/v1/providers/sim", "{\"base_url\":\"http://127.0.0.1:9/v1\"}"), 409);
        expect(gw.admin("DELETE", "/admin/v1/models/gpt-4o", null), 409);
        expect(gw.admin("POST", "/admin/v1/models", "{\"name\":\"gpt-4o\",\"deployments\":[{\"provider\":\"sim\"}]}"), 409);

        JsonNode bad = expect(gw.admin("POST", "/admin/v1/models",
                "{\"name\":\"orphan\",\"deployments\":[{\"provider\":\"nowhere\"}]}"), 400);
        assertThat(bad.path("error").path("param").asText()).isEqualTo("deployments[0].provider");
        assertThat(bad.path("error").path("message").asText()).contains("models/orphan.deployments[0].provider: no provider named 'nowhere'");
        JsonNode unknown = expect(gw.admin("POST", "/admin/v1/providers", "{\"name\":\"p\",\"type\":\"openai\",\"keys\":[\"k\"],\"colour\":\"red\"}"), 400);
        assertThat(unknown.path("error").path("message").asText()).contains("providers/p.colour: unknown field");
        // a masked hint sent back would be stored as a key: refused
        expect(gw.admin("POST", "/admin/v1/providers", provider("hinted", "http://127.0.0.1:9/v1", "sk-…abcd")), 400);
        assertThat(gw.admin("GET", "/admin/v1/models/orphan", null).statusCode()).isEqualTo(404);
    }

    @Test
    void startUpRefusesASecretKeyThatDoesNotFitAndRotationRetiresTheOldKey() {
        String storage = freshStorage();
        String k1 = randomKey();
        String k2 = randomKey();
        String url;
        try (GatewayHarness first = withKeys(storage, k1, null)) {
            url = first.storageUrl();
            expect(first.admin("POST", "/admin/v1/providers", provider("rotating", first.simulator().baseUrl() + "/v1", CANARY)), 201);
        }
        assertThatThrownBy(() -> withKeys(url, k2, null).close())
                .hasMessageContaining("TOLLGATE_SECRET_KEY does not match this database")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(k1).doesNotContain(k2));

        try (GatewayHarness rotating = withKeys(url, k2, k1)) {
            JsonNode rotated = expect(rotating.admin("POST", "/admin/v1/secrets/rotate", null), 200);
            assertThat(rotated.path("resealed").asInt()).isEqualTo(1);
        }
        assertThatThrownBy(() -> withKeys(url, k1, null).close()).hasMessageContaining("does not match this database");
        try (GatewayHarness rotated = withKeys(url, k2, null)) {
            JsonNode shown = expect(rotated.admin("GET", "/admin/v1/providers/rotating", null), 200);
            assertThat(shown.path("keys").get(0).asText()).endsWith(CANARY.substring(CANARY.length() - 4));
        }
    }

    private static GatewayHarness withKeys(String storage, String current, String previous) {
        return GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG, storage, "sk-file-" + UUID.randomUUID(),
                sim -> previous == null ? Map.of("TOLLGATE_SECRET_KEY", current)
                        : Map.of("TOLLGATE_SECRET_KEY", current, "TOLLGATE_SECRET_KEY_PREVIOUS", previous));
    }

    private static String randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** Every text column of every table of the database, one row per line. */
    static String dumpDatabase(String storageUrl) throws Exception {
        boolean sqlite = storageUrl.startsWith("sqlite:");
        String jdbc = sqlite ? "jdbc:" + storageUrl : TestDatabases.jdbc(storageUrl);
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet t = s.executeQuery(sqlite ? "SELECT name FROM sqlite_master WHERE type='table'"
                    : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")) {
                while (t.next()) {
                    tables.add(t.getString(1));
                }
            }
            assertThat(tables).contains("config_entries", "audit_log", "secret_key_checks");
            for (String table : tables) {
                try (ResultSet rows = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            all.append(rows.getString(i)).append('|');
                        }
                        all.append('\n');
                    }
                }
            }
        }
        return all.toString();
    }
}
