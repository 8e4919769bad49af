package dev.tollgate.it;

import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Access tokens follow configuration reloads: a provider added by a reload has its token before its first call,
 * a reload that leaves a provider as it was keeps that provider's token, and a provider's new options get a new
 * token.
 */
class CloudCredentialsReloadTest {

    private static final String ENTRA_PROVIDER = """
              - name: azure-entra
                type: azure
                base_url: ${SIM_ROOT}
                keys: ["entra-reload-secret"]
                options: { tenant_id: sim-tenant, client_id: %s, token_url: "${SIM_ROOT}/sim-tenant/oauth2/v2.0/token" }
            """;

    private static String config(String clientId, String extraModel) {
        return GatewayHarness.DEFAULT_CONFIG.replace("providers:\n", "providers:\n" + ENTRA_PROVIDER.formatted(clientId))
                + """
                  - name: azure-gpt
                    deployments: [{ provider: azure-entra, model: gpt-4o-mini }]
                """ + extraModel;
    }

    private static HttpResponse<String> chat(GatewayHarness gw, String model) {
        return gw.post("/v1/chat/completions", "{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static String lastBearer(GatewayHarness gw) {
        // background token refreshes reach the token endpoints at any moment: only model calls count
        List<RecordedRequest> calls = gw.simulator().recentRequests().stream()
                .filter(r -> !r.path().equals("/token") && !r.path().endsWith("/oauth2/v2.0/token")).toList();
        return calls.get(calls.size() - 1).headers().get("authorization").substring("Bearer ".length());
    }

    @Test
    void tokensFollowTheConfiguration() {
        try (GatewayHarness gw = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG, null, "sk-sim-reload",
                sim -> Map.of())) {
            assertThat(gw.simulator().issuedTokens()).isZero();

            gw.rewriteConfig(config("app-1", ""));
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.get("/v1/models", gw.key()).body().contains("azure-gpt"));
            // the configuration took force only after the new provider's token was in: its first call succeeds
            assertThat(chat(gw, "azure-gpt").statusCode()).isEqualTo(200);
            String first = lastBearer(gw);
            assertThat(gw.simulator().issued(first)).isTrue();
            assertThat(gw.simulator().issuedTokens()).isEqualTo(1);

            gw.rewriteConfig(config("app-1", """
                      - name: marker-1
                        deployments: [{ provider: sim, model: gpt-4o-mini }]
                    """));
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.get("/v1/models", gw.key()).body().contains("marker-1"));
            assertThat(chat(gw, "azure-gpt").statusCode()).isEqualTo(200);
            assertThat(lastBearer(gw)).isEqualTo(first);
            assertThat(gw.simulator().issuedTokens()).isEqualTo(1);

            gw.rewriteConfig(config("app-2", """
                      - name: marker-2
                        deployments: [{ provider: sim, model: gpt-4o-mini }]
                    """));
            await().atMost(Duration.ofSeconds(20)).until(() -> gw.get("/v1/models", gw.key()).body().contains("marker-2"));
            assertThat(chat(gw, "azure-gpt").statusCode()).isEqualTo(200);
            assertThat(lastBearer(gw)).isNotEqualTo(first);
            assertThat(gw.simulator().issuedTokens()).isEqualTo(2);
        }
    }
}
