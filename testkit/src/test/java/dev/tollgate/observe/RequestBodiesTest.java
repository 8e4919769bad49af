package dev.tollgate.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request-log bodies: kept only for the keys named in {@code request_log.bodies}, PII-redacted before they are
 * stored, and readable through the admin API.
 */
class RequestBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "jane.doe@example.com";
    private static final String CARD = "4111 1111 1111 1111";

    private static GatewayHarness gateway;
    private static String loggedKey;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayHarness.sqlite();
        JsonNode created = JSON.readTree(gateway.admin("POST", "/admin/v1/keys", "{\"name\":\"logged\"}").body());
        loggedKey = created.get("key").asText();
        gateway.rewriteConfig(GatewayHarness.DEFAULT_CONFIG + """
                  - name: echo
                    deployments: [{ provider: sim, model: "gpt-4o-mini+echo" }]
                request_log:
                  bodies: { keys: ["%s"], max_chars: 100000 }
                """.formatted(created.get("id").asText()));
        // the reload is in once the new model group answers
        await().atMost(Duration.ofSeconds(10)).until(() -> call(loggedKey, "echo", false, "ping").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static HttpResponse<String> call(String key, String model, boolean stream, String text) {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode bodies(String requestId) throws Exception {
        HttpResponse<String> r = gateway.admin("GET", "/admin/v1/usage/" + requestId + "/bodies", null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    @Test
    void bodiesOfANamedKeyAreKeptWithPersonalDataRedacted() throws Exception {
        HttpResponse<String> r = call(loggedKey, "echo", false, "Mail me at " + EMAIL + ", card " + CARD);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).as("the client's answer is untouched").contains(EMAIL);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();

        await().atMost(Duration.ofSeconds(10)).until(() -> bodies(requestId) != null);
        JsonNode kept = bodies(requestId);
        assertThat(kept.get("request").asText()).contains("\"model\":\"echo\"").contains("Mail me at [EMAIL], card [CARD]")
                .doesNotContain(EMAIL).doesNotContain(CARD);
        assertThat(kept.get("response").asText()).contains("[EMAIL]").doesNotContain(EMAIL).doesNotContain(CARD);
        assertThat(kept.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void aStreamKeepsItsGeneratedTextRedacted() throws Exception {
        HttpResponse<String> r = call(loggedKey, "echo", true, "Write to " + EMAIL);
        assertThat(r.statusCode()).isEqualTo(200);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> bodies(requestId) != null);
        JsonNode kept = bodies(requestId);
        assertThat(kept.get("request").asText()).contains("Write to [EMAIL]").doesNotContain(EMAIL);
        assertThat(kept.get("response").asText()).contains("[EMAIL]").doesNotContain(EMAIL);
    }

    @Test
    void bodiesOfOtherKeysAreNotKept() throws Exception {
        HttpResponse<String> r = call(gateway.key(), "echo", false, "Mail me at " + EMAIL);
        assertThat(r.statusCode()).isEqualTo(200);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        // once the call is booked, its bodies would have been written before it (they go ahead of the next batch)
        await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(gateway.admin("GET",
                "/admin/v1/usage?request_id=" + requestId, null).body()).get("data").size() == 1);
        HttpResponse<String> none = gateway.admin("GET", "/admin/v1/usage/" + requestId + "/bodies", null);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).doesNotContain(EMAIL);
    }
}
