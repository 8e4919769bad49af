package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream keys are money: a canary upstream key, used for every kind of call (successes, streams,
 * upstream errors that echo the key back, gateway errors), must appear in no response body or header,
 * no admin API answer, no metric, no log line (at DEBUG) and no database row.
 */
class CanaryTest {

    /** Deliberately not key-shaped, so only exact-value redaction can catch it. */
    private static final String CANARY = "canary" + UUID.randomUUID().toString().replace("-", "");

    private static Vertx vertx;
    private static GatewayHarness gw;
    private static LogCapture logs;

    @BeforeAll
    static void start() throws Exception {
        logs = new LogCapture();
        vertx = Vertx.vertx();
        // An upstream that, like some real ones, quotes the caller's key back in its error messages.
        HttpServer echo = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            String auth = req.getHeader("authorization");
            int status = req.path().contains("embeddings") ? 401 : 400;
            req.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .end("{\"error\":{\"message\":\"Incorrect API key provided: " + auth + " (key " + auth.substring(7)
                            + ")\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        String config = GatewayHarness.DEFAULT_CONFIG + """
                  - name: echo-model
                    deployments: [{ provider: echo, model: echo }]
                """;
        config = config.replace("providers:\n", """
                providers:
                  - { name: echo, type: openai, base_url: "http://127.0.0.1:%d/v1", keys: ["${UPSTREAM_KEY}"] }
                """.formatted(echo.actualPort()));
        gw = GatewayHarness.start(config, null, CANARY);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (vertx != null) {
            vertx.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void theUpstreamKeyAppearsNowhere() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        String hi = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        answers.add(gw.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\"," + hi + "}"));
        answers.add(gw.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"stream\":true," + hi + "}"));
        answers.add(gw.post("/v1/chat/completions", "{\"model\":\"echo-model\"," + hi + "}"));
        answers.add(gw.post("/v1/embeddings", "{\"model\":\"echo-model\",\"input\":\"x\"}"));
        answers.add(gw.post("/v1/chat/completions", "{\"model\":\"upstream-auth\"," + hi + "}"));
        answers.add(gw.post("/v1/chat/completions", "{\"model\":\"broken-500\"," + hi + "}"));
        answers.add(gw.post("/v1/chat/completions", "{\"model\":\"cut-short\",\"stream\":true," + hi + "}"));
        answers.add(gw.post("/v1/chat/completions", "{\"model\":\"hanging\"," + hi + "}"));
        answers.add(gw.get("/v1/models", gw.key()));
        answers.add(gw.admin("GET", "/admin/v1/keys", null));
        answers.add(gw.admin("GET", "/admin/v1/usage?limit=1000", null));
        answers.add(gw.get("/metrics", null));
        answers.add(gw.get("/health/ready", null));

        assertThat(answers.get(2).statusCode()).isEqualTo(400);
        assertThat(answers.get(2).body()).contains("[redacted]");
        for (HttpResponse<String> r : answers) {
            assertThat(r.body()).as(r.uri().toString()).doesNotContain(CANARY);
            assertThat(r.headers().map().toString()).as(r.uri().toString()).doesNotContain(CANARY);
        }
        // the upstream really received the canary: the test would prove nothing otherwise
        assertThat(gw.simulator().recentRequests()).anyMatch(q -> ("Bearer " + CANARY).equals(q.headers().get("authorization")));

        gw.gateway().close(); // flush usage and logs before reading them
        assertThat(logs.text()).contains("\"request_id\"").doesNotContain(CANARY);
        assertThat(gw.gateway().scrapeMetrics()).doesNotContain(CANARY);
        assertThat(dumpDatabase(gw.storageUrl())).contains("gpt-4o-mini").doesNotContain(CANARY);
    }

    private static String dumpDatabase(String storageUrl) throws Exception {
        String jdbc = storageUrl.startsWith("sqlite:") ? "jdbc:" + storageUrl : TestDatabases.jdbc(storageUrl);
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet t = s.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
                while (t.next()) {
                    tables.add(t.getString(1));
                }
            }
            assertThat(tables).contains("usage_events", "api_keys");
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
