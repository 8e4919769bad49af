package dev.tollgate.providers.gemini;

import dev.tollgate.providers.auth.AccessToken;
import dev.tollgate.providers.auth.ProviderTokens;
import dev.tollgate.providers.auth.TestKeys;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.CredentialsUnavailableException;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VertexAdapterTest {

    private static final String SA = TestKeys.serviceAccountJson(TestKeys.rsa(), "gw@p.iam.gserviceaccount.com",
            "https://oauth2.googleapis.com/token");

    private static ProviderSettings vertex(String baseUrl, List<Secret> keys, Map<String, String> options) {
        return new ProviderSettings("vx", "vertex", baseUrl, keys, Map.of(), options, 5_000, 60_000);
    }

    private static Map<String, String> where(String location) {
        return Map.of("project", "my-project", "location", location);
    }

    @Test
    void theBaseUrlFollowsTheLocation() {
        VertexAdapter adapter = new VertexAdapter();
        assertThat(adapter.resolve(vertex(VertexSettings.DEFAULT_BASE_URL, List.of(new Secret(SA)), where("europe-west4")))
                .baseUrl()).isEqualTo("https://europe-west4-aiplatform.googleapis.com/v1");
        assertThat(adapter.resolve(vertex(VertexSettings.DEFAULT_BASE_URL, List.of(new Secret(SA)), where("global")))
                .baseUrl()).isEqualTo("https://aiplatform.googleapis.com/v1");
        assertThat(adapter.resolve(vertex("http://127.0.0.1:9/v1", List.of(new Secret(SA)), where("us-central1")))
                .baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
    }

    @Test
    void projectLocationAndAServiceAccountKeyAreRequired() {
        VertexAdapter adapter = new VertexAdapter();
        List<Secret> keys = List.of(new Secret(SA));
        assertThatThrownBy(() -> adapter.resolve(vertex(null, keys, Map.of("location", "us-central1"))))
                .hasMessageStartingWith("options.project: required");
        assertThatThrownBy(() -> adapter.resolve(vertex(null, keys, Map.of("project", "p", "location", "US Central"))))
                .hasMessageStartingWith("options.location: required");
        String notAnAccount = "AIzaSyNotAServiceAccount0123456789";
        assertThatThrownBy(() -> adapter.resolve(vertex(null, List.of(new Secret(notAnAccount)), where("us-central1"))))
                .hasMessage("keys[0]: not a service-account key: not JSON");
    }

    @Test
    void theKeyCanComeFromACredentialsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sa.json");
        Files.writeString(file, SA);
        Map<String, String> options = new HashMap<>(where("us-central1"));
        options.put("credentials_file", file.toString());
        ProviderSettings resolved = new VertexAdapter().resolve(vertex(null, List.of(), options));
        assertThat(resolved.keys()).containsExactly(new Secret(SA));

        assertThatThrownBy(() -> new VertexAdapter().resolve(vertex(null, List.of(new Secret(SA)), options)))
                .hasMessageContaining("not both");
        options.put("credentials_file", dir.resolve("missing.json").toString());
        assertThatThrownBy(() -> new VertexAdapter().resolve(vertex(null, List.of(), options)))
                .hasMessageStartingWith("options.credentials_file: cannot read");
    }

    @Test
    void callsGoToTheModelsResourceWithTheCachedAccessToken() {
        ProviderTokens tokens = new ProviderTokens("test", (p, k, s) ->
                () -> new AccessToken("ya29.test-token", Instant.now().plusSeconds(3600)), Clock.systemUTC());
        try (VertexAdapter adapter = new VertexAdapter(tokens)) {
            ProviderSettings provider = adapter.resolve(vertex("http://sim.test/v1/", List.of(new Secret(SA)),
                    where("us-central1")));
            assertThatThrownBy(() -> adapter.target(provider, Endpoint.CHAT_COMPLETIONS, "gemini-2.5-flash",
                    provider.keys().get(0), false)).isInstanceOf(CredentialsUnavailableException.class);

            adapter.configure(List.of(provider), s -> { });
            UpstreamTarget call = adapter.target(provider, Endpoint.CHAT_COMPLETIONS, "gemini-2.5-flash+status=429",
                    provider.keys().get(0), false);
            assertThat(call.url()).isEqualTo("http://sim.test/v1/projects/my-project/locations/us-central1"
                    + "/publishers/google/models/gemini-2.5-flash%2Bstatus%3D429:generateContent");
            assertThat(call.headers()).containsEntry("authorization", "Bearer ya29.test-token")
                    .doesNotContainKey("x-goog-api-key");
            UpstreamTarget stream = adapter.target(provider, Endpoint.CHAT_COMPLETIONS, "gemini-2.5-flash",
                    provider.keys().get(0), true);
            assertThat(stream.url()).endsWith("/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        }
    }

    @Test
    void onlyChatIsServedAndErrorsReadAsGeminis() {
        VertexAdapter adapter = new VertexAdapter();
        assertThat(adapter.supports(Endpoint.CHAT_COMPLETIONS)).isTrue();
        assertThat(adapter.supports(Endpoint.EMBEDDINGS)).isFalse();
        assertThat(adapter.interpretError(401, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}".getBytes())
                .kind()).isEqualTo(dev.tollgate.spi.provider.UpstreamError.Kind.AUTHENTICATION);
    }
}
