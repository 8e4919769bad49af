package dev.tollgate.providers.azure;

import dev.tollgate.providers.auth.FakeTokenServer;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.CredentialsUnavailableException;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzureEntraTest {

    private static final Secret CLIENT_SECRET = new Secret("entra-client-secret-1");

    private static ProviderSettings azure(Map<String, String> options) {
        return new ProviderSettings("az", "azure", "https://my-resource.openai.azure.com", List.of(CLIENT_SECRET),
                Map.of(), options, 5_000, 60_000);
    }

    @Test
    void entraSendsTheClientCredentialsTokenInsteadOfTheKey() {
        try (FakeTokenServer server = new FakeTokenServer(); AzureOpenAiAdapter adapter = new AzureOpenAiAdapter(Clock.systemUTC())) {
            server.answer(200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"entra-at-1\"}");
            ProviderSettings provider = azure(Map.of("tenant_id", "tenant-1", "client_id", "app-1",
                    "token_url", server.uri("/tenant-1/oauth2/v2.0/token").toString()));
            List<String> secrets = new ArrayList<>();
            adapter.configure(List.of(adapter.resolve(provider)), secrets::add);

            UpstreamTarget t = adapter.target(provider, Endpoint.CHAT_COMPLETIONS, "gpt-4o", CLIENT_SECRET, false);
            assertThat(t.headers()).containsEntry("authorization", "Bearer entra-at-1").doesNotContainKey("api-key");
            assertThat(secrets).containsExactly("entra-at-1");
            assertThat(server.forms()).containsExactly(Map.of("grant_type", "client_credentials", "client_id", "app-1",
                    "client_secret", CLIENT_SECRET.reveal(), "scope", "https://cognitiveservices.azure.com/.default"));
        }
    }

    @Test
    void aRefusedSecretFailsTheCallWithTheReason() {
        try (FakeTokenServer server = new FakeTokenServer(); AzureOpenAiAdapter adapter = new AzureOpenAiAdapter(Clock.systemUTC())) {
            server.answer(401, "{\"error\":\"invalid_client\",\"error_codes\":[7000215]}");
            ProviderSettings provider = azure(Map.of("tenant_id", "tenant-1", "client_id", "app-1",
                    "token_url", server.uri("/tenant-1/oauth2/v2.0/token").toString()));
            adapter.configure(List.of(provider), s -> { });
            assertThatThrownBy(() -> adapter.target(provider, Endpoint.CHAT_COMPLETIONS, "gpt-4o", CLIENT_SECRET, false))
                    .isInstanceOf(CredentialsUnavailableException.class)
                    .hasMessageContaining("status 401, error invalid_client (AADSTS7000215)")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET.reveal()));
        }
    }

    @Test
    void aStaticEntraTokenIsSentAsItIs() {
        try (AzureOpenAiAdapter adapter = new AzureOpenAiAdapter()) {
            ProviderSettings provider = azure(Map.of("auth", "entra_token"));
            adapter.configure(List.of(provider), s -> { });
            UpstreamTarget t = adapter.target(provider, Endpoint.CHAT_COMPLETIONS, "gpt-4o", CLIENT_SECRET, true);
            assertThat(t.headers()).containsEntry("authorization", "Bearer " + CLIENT_SECRET.reveal())
                    .doesNotContainKey("api-key");
        }
    }

    @Test
    void entraNeedsTenantAndClientAndKnownModes() {
        AzureOpenAiAdapter adapter = new AzureOpenAiAdapter();
        assertThatThrownBy(() -> adapter.resolve(azure(Map.of("tenant_id", "t"))))
                .hasMessage("options.client_id: required for Entra ID authentication");
        assertThatThrownBy(() -> adapter.resolve(azure(Map.of("auth", "entra", "client_id", "c"))))
                .hasMessage("options.tenant_id: required for Entra ID authentication");
        assertThatThrownBy(() -> adapter.resolve(azure(Map.of("auth", "managed_identity"))))
                .hasMessageStartingWith("options.auth: unknown 'managed_identity'");
        Map<String, String> badUrl = new HashMap<>(Map.of("tenant_id", "t", "client_id", "c", "token_url", "login"));
        assertThatThrownBy(() -> adapter.resolve(azure(badUrl))).hasMessage("options.token_url: must be an http(s) URL");
        assertThat(AzureAuth.tokenUrl(Map.of("tenant_id", "tenant-1")))
                .hasToString("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token");
    }
}
