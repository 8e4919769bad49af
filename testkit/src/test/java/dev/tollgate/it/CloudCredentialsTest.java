package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tollgate.it.GatewayBehaviour.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstreams that take OAuth access tokens instead of keys, end to end against the simulator's token endpoints:
 * Vertex AI with a service account (the key given inline through an environment variable, or as a key file) and
 * Azure OpenAI with Microsoft Entra ID client credentials. Tokens are fetched when the configuration loads, sent
 * as bearer tokens, and never show in answers, metrics or logs; a token that cannot be had is a quick 502.
 */
class CloudCredentialsTest {

    private static final String ACCOUNT = "tollgate@sim-project.iam.gserviceaccount.com";
    private static final String CLIENT_ID = "tollgate-app";
    /** Not key-shaped, so only the exact-value redaction can catch it. */
    private static final String ENTRA_SECRET = "entra" + UUID.randomUUID().toString().replace("-", "");
    private static final KeyPair ACCOUNT_KEY = rsa();
    private static final KeyPair ROTATED_AWAY_KEY = rsa();
    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]";

    private static final String CONFIG = """
            server: { port: 0, max_body_bytes: 65536, shutdown_grace_ms: 5000 }
            storage: { url: "${STORAGE}" }
            providers:
              - name: vertex-inline
                type: vertex
                base_url: ${SIM}
                keys: ["${VERTEX_SA_JSON}"]
                options: { project: sim-project, location: us-central1 }
              - name: vertex-file
                type: vertex
                base_url: ${SIM}
                options: { project: sim-project, location: europe-west4, credentials_file: "${VERTEX_SA_FILE}" }
              - name: vertex-stale-key
                type: vertex
                base_url: ${SIM}
                keys: ["${VERTEX_SA_STALE}"]
                options: { project: sim-project, location: us-central1 }
              - name: azure-entra
                type: azure
                base_url: ${SIM_ROOT}
                keys: ["${ENTRA_SECRET}"]
                options: { tenant_id: sim-tenant, client_id: tollgate-app, token_url: "${SIM_ROOT}/sim-tenant/oauth2/v2.0/token" }
              - name: azure-wrong-secret
                type: azure
                base_url: ${SIM_ROOT}
                keys: ["not-the-app-secret"]
                options: { tenant_id: sim-tenant, client_id: tollgate-app, token_url: "${SIM_ROOT}/sim-tenant/oauth2/v2.0/token" }
            models:
              - name: vertex-gemini
                deployments: [{ provider: vertex-inline, model: gemini-2.5-flash }]
              - name: vertex-file-gemini
                deployments: [{ provider: vertex-file, model: gemini-2.5-flash }]
              - name: vertex-refused
                deployments: [{ provider: vertex-stale-key, model: gemini-2.5-flash }]
              - name: azure-gpt
                deployments: [{ provider: azure-entra, model: gpt-4o-mini }]
              - name: azure-refused
                deployments: [{ provider: azure-wrong-secret, model: gpt-4o-mini }]
            """;

    private static LogCapture logs;
    private static GatewayHarness gw;
    private static String inlineJson;
    private static final List<HttpResponse<String>> answers = new ArrayList<>();

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        gw = GatewayHarness.start(CONFIG, null, "unused-upstream-key-" + UUID.randomUUID(), sim -> {
            String tokenUri = sim.baseUrl() + "/token";
            sim.trustServiceAccount(ACCOUNT, ACCOUNT_KEY.getPublic());
            sim.trustEntraClient(CLIENT_ID, ENTRA_SECRET);
            inlineJson = serviceAccount(ACCOUNT_KEY, tokenUri);
            try {
                Path file = Files.createTempFile("tollgate-sa", ".json");
                Files.writeString(file, inlineJson);
                return Map.of("VERTEX_SA_JSON", inlineJson, "VERTEX_SA_FILE", file.toString(),
                        "VERTEX_SA_STALE", serviceAccount(ROTATED_AWAY_KEY, tokenUri), "ENTRA_SECRET", ENTRA_SECRET);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    private static HttpResponse<String> chat(String model, boolean stream) {
        HttpResponse<String> r = gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)) // a call waiting on a token must not hang
                .header("authorization", "Bearer " + gw.key()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
                        + HI + "}")).build());
        synchronized (answers) {
            answers.add(r);
        }
        return r;
    }

    /**
     * The last model call the simulator received. Token requests are left out: background refreshers (and the
     * refused providers' retries) reach the token endpoints at any moment.
     */
    private static RecordedRequest lastUpstream() {
        List<RecordedRequest> calls = gw.simulator().recentRequests().stream()
                .filter(r -> !r.path().equals("/token") && !r.path().endsWith("/oauth2/v2.0/token")).toList();
        return calls.get(calls.size() - 1);
    }

    private static String bearer(RecordedRequest r) {
        String auth = r.headers().get("authorization");
        assertThat(auth).startsWith("Bearer ");
        return auth.substring("Bearer ".length());
    }

    @Test
    void aVertexCallCarriesAnAccessTokenObtainedWithTheServiceAccount() {
        HttpResponse<String> r = chat("vertex-gemini", false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isNotBlank();

        RecordedRequest upstream = lastUpstream();
        assertThat(upstream.path()).isEqualTo("/v1/projects/sim-project/locations/us-central1/publishers/google/models/"
                + "gemini-2.5-flash:generateContent");
        assertThat(gw.simulator().issued(bearer(upstream))).isTrue();
        assertThat(upstream.headers()).doesNotContainKey("x-goog-api-key");
    }

    @Test
    void aVertexStreamArrivesAsOpenAiChunks() {
        HttpResponse<String> r = chat("vertex-gemini", true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> events = SseText.dataLines(r.body());
        assertThat(events).last().isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> !e.equals("[DONE]")).map(GatewayBehaviour::json)
                .forEach(c -> c.path("choices").forEach(ch -> text.append(ch.path("delta").path("content").asText(""))));
        assertThat(text.toString()).isNotBlank();
        RecordedRequest upstream = lastUpstream();
        assertThat(upstream.path()).endsWith("/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(gw.simulator().issued(bearer(upstream))).isTrue();
    }

    @Test
    void aServiceAccountKeyFileWorksLikeAnInlineKey() {
        HttpResponse<String> r = chat("vertex-file-gemini", false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        RecordedRequest upstream = lastUpstream();
        assertThat(upstream.path()).startsWith("/v1/projects/sim-project/locations/europe-west4/");
        assertThat(gw.simulator().issued(bearer(upstream))).isTrue();
    }

    @Test
    void anAzureCallCarriesAnEntraTokenInsteadOfTheKey() {
        HttpResponse<String> r = chat("azure-gpt", false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        RecordedRequest upstream = lastUpstream();
        assertThat(upstream.path()).isEqualTo("/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21");
        assertThat(upstream.headers()).doesNotContainKey("api-key");
        assertThat(gw.simulator().issued(bearer(upstream))).isTrue();

        HttpResponse<String> stream = chat("azure-gpt", true);
        assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
        assertThat(SseText.dataLines(stream.body())).last().isEqualTo("[DONE]");
        assertThat(gw.simulator().issued(bearer(lastUpstream()))).isTrue();
    }

    @Test
    void aTokenThatCannotBeObtainedIsAQuick502WithTheReasonLogged() {
        for (String model : List.of("vertex-refused", "azure-refused")) {
            int before = gw.simulator().recentRequests().size();
            HttpResponse<String> r = chat(model, false);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
            assertThat(json(r.body()).path("error").path("message").asText())
                    .isEqualTo("The gateway could not obtain credentials for the upstream provider.");
            // the upstream is never called without a token
            List<RecordedRequest> seen = gw.simulator().recentRequests();
            assertThat(seen.subList(before, seen.size()))
                    .noneMatch(q -> q.path().contains("/models/") || q.path().contains("/deployments/"));
        }
        assertThat(logs.text()).contains("no credentials for provider vertex-stale-key")
                .contains("status 400, error invalid_grant")
                .contains("no credentials for provider azure-wrong-secret")
                .contains("status 401, error invalid_client (AADSTS7000215)");
    }

    @Test
    void accessTokensPrivateKeysAndClientSecretsAppearNowhere() {
        List<HttpResponse<String>> mine = List.of(chat("vertex-gemini", false), chat("vertex-gemini", true),
                chat("azure-gpt", false), chat("azure-gpt", true), chat("vertex-refused", false),
                chat("azure-refused", true));
        assertThat(mine).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 200, 502, 502);

        List<String> secrets = new ArrayList<>(List.of(ENTRA_SECRET, inlineJson));
        for (KeyPair key : List.of(ACCOUNT_KEY, ROTATED_AWAY_KEY)) {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded());
            secrets.addAll(List.of(base64.split("\n")).subList(0, 5));
        }
        for (RecordedRequest r : gw.simulator().recentRequests()) {
            String auth = r.headers().get("authorization");
            if (auth != null && auth.startsWith("Bearer ")) {
                secrets.add(auth.substring(7)); // every access token the gateway sent
            }
            if (r.path().equals("/token")) {
                String assertion = r.body().replaceAll(".*assertion=([^&]*).*", "$1");
                secrets.add(URLDecoder.decode(assertion, StandardCharsets.UTF_8));
            }
        }
        assertThat(secrets).hasSizeGreaterThan(12);

        StringBuilder seen = new StringBuilder(logs.text()).append(gw.gateway().scrapeMetrics());
        synchronized (answers) {
            answers.forEach(a -> seen.append(a.body()).append(a.headers().map()));
        }
        for (String secret : secrets) {
            assertThat(seen.toString()).as("a secret of %d characters", secret.length()).doesNotContain(secret);
        }
    }

    private static String serviceAccount(KeyPair key, String tokenUri) {
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded())
                .replace("\n", "\\n") + "\\n-----END PRIVATE KEY-----\\n";
        return "{\"type\":\"service_account\",\"project_id\":\"sim-project\",\"private_key_id\":\"k1\",\"private_key\":\""
                + pem + "\",\"client_email\":\"" + ACCOUNT + "\",\"client_id\":\"1\",\"token_uri\":\"" + tokenUri + "\"}";
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
