package dev.tollgate.protect;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.server.ledger.WebhookAlerts;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Abuse detection through the real gateway: a gateway key pasted into a prompt (refused, alerted without the key,
 * the pasted key suspended and audited as {@code system:abuse}) and a burst of wrong keys, each alert also delivered
 * as a signed webhook.
 */
class AbuseDetectionTest {

    private static final String SECRET = "whsec-abuse-test";
    private static final String CONFIG = """
            server: { port: 0, shutdown_grace_ms: 2000, auth_failures_per_minute: 0 }
            storage: { url: "${STORAGE}" }
            providers:
              - { name: sim, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
            models:
              - name: gpt-4o-mini
                deployments:
                  - { provider: sim, model: gpt-4o-mini }
            abuse:
              enabled: true
              webhook_url: "HOOK"
              webhook_secret: "%s"
              auth_failures: { max_per_minute: 10 }
              key_in_prompt: { action: suspend }
            """.formatted(SECRET);

    private static HttpServer receiver;
    private static final List<String[]> deliveries = new CopyOnWriteArrayList<>();
    private static GatewayHarness gw;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new String[]{exchange.getRequestHeaders().getFirst("x-tollgate-event"),
                    exchange.getRequestHeaders().getFirst("x-tollgate-signature"), body});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        gw = GatewayHarness.start(CONFIG.replace("HOOK", "http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook"), null, "sk-sim-abuse");
    }

    @AfterAll
    static void stop() {
        gw.close();
        receiver.stop(0);
    }

    @Test
    void aGatewayKeyPastedIntoAPromptIsRefusedAlertedWithoutTheKeyAndSuspended() {
        String victim = gw.createKey("{\"name\":\"pasted\"}");
        assertThat(call(victim, "hello").statusCode()).isEqualTo(200);

        HttpResponse<String> refused = call(gw.key(), "please debug: my API key is " + victim);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_request_error").doesNotContain(victim);

        String alerts = gw.admin("GET", "/admin/v1/alerts?type=abuse.key_in_prompt", null).body();
        assertThat(alerts).contains("\"type\":\"abuse.key_in_prompt\"").contains("\"action\":\"suspend\"")
                .contains(victim.substring(0, 10)).doesNotContain(victim).doesNotContain(victim.substring(10));
        String keyId = alerts.replaceAll("(?s).*\"key_id\":\"([^\"]+)\".*", "$1");

        // suspended on a worker: the key is refused shortly after, and the audit log says who did it
        await().atMost(Duration.ofSeconds(5)).until(() -> call(victim, "hello again").statusCode() == 401);
        String audit = gw.admin("GET", "/admin/v1/audit?actor_id=system:abuse", null).body();
        assertThat(audit).contains("\"action\":\"key.suspend\"").contains("\"target_id\":\"" + keyId + "\"")
                .contains("\"enabled\":false").doesNotContain(victim);
        assertThat(gw.admin("GET", "/admin/v1/keys/" + keyId, null).body()).contains("\"enabled\":false");

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.stream()
                .anyMatch(d -> "abuse.key_in_prompt".equals(d[0])));
        String[] hook = deliveries.stream().filter(d -> "abuse.key_in_prompt".equals(d[0])).findFirst().orElseThrow();
        assertThat(hook[2]).doesNotContain(victim).contains(keyId);
        long t = Long.parseLong(hook[1].replaceAll("t=(\\d+),.*", "$1"));
        assertThat(hook[1]).isEqualTo(WebhookAlerts.signature(SECRET, t, hook[2]));
    }

    @Test
    void aBurstOfWrongKeysFromOneAddressIsAlerted() {
        for (int i = 0; i < 10; i++) {
            assertThat(call("tg-" + "x".repeat(40) + i, "hi").statusCode()).isEqualTo(401);
        }
        assertThat(gw.admin("GET", "/admin/v1/alerts?type=abuse.auth_failures", null).body())
                .contains("\"subject\":\"ip:127.0.0.1\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.stream()
                .anyMatch(d -> "abuse.auth_failures".equals(d[0])));
    }

    private static HttpResponse<String> call(String key, String content) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + content + "\"}]}")).build());
    }
}
