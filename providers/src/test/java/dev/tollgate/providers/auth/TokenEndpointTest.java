package dev.tollgate.providers.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenEndpointTest {

    private final FakeTokenServer server = new FakeTokenServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TokenEndpoint endpoint = new TokenEndpoint(TokenEndpoint.newClient(), clock);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theClientCredentialsGrantPostsEntrasForm() throws Exception {
        server.answer(200, "{\"token_type\":\"Bearer\",\"expires_in\":\"3599\",\"access_token\":\"entra-1\"}");
        AccessToken token = new ClientCredentialsFetcher(server.uri("/tenant-1/oauth2/v2.0/token"), "app-1",
                "s3cret&=+", "https://cognitiveservices.azure.com/.default", endpoint).fetch();
        assertThat(token.value()).isEqualTo("entra-1");
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plusSeconds(3599)); // a numeric string is read too
        assertThat(server.forms()).containsExactly(Map.of("grant_type", "client_credentials", "client_id", "app-1",
                "client_secret", "s3cret&=+", "scope", "https://cognitiveservices.azure.com/.default"));
    }

    @Test
    void theJwtBearerGrantPostsASignedAssertion() throws Exception {
        String json = TestKeys.serviceAccountJson(TestKeys.rsa(), "gw@p.iam.gserviceaccount.com",
                server.uri("/token").toString());
        AccessToken token = new JwtBearerFetcher(GoogleServiceAccount.parse(json), "scope-1", endpoint, clock).fetch();
        assertThat(token.value()).isEqualTo("token-1");
        Map<String, String> form = server.forms().get(0);
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        assertThat(form.get("assertion")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void aRefusalNamesStatusAndErrorCodesButNotTheDescription() {
        server.answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret "
                + "provided: s3cret\",\"error_codes\":[7000215]}");
        assertThatThrownBy(() -> endpoint.post(server.uri("/t/oauth2/v2.0/token"), Map.of("client_secret", "s3cret")))
                .isInstanceOf(TokenFetchException.class)
                .hasMessage("the token endpoint at 127.0.0.1 refused: status 401, error invalid_client (AADSTS7000215)");
    }

    @Test
    void anAnswerWithoutATokenOrWithoutALifetimeIsHandled() throws Exception {
        server.answer(200, "{\"token_type\":\"Bearer\"}");
        assertThatThrownBy(() -> endpoint.post(server.uri("/token"), Map.of()))
                .hasMessage("the token endpoint at 127.0.0.1 answered without an access_token");
        server.answer(200, "{\"access_token\":\"t\"}");
        assertThat(endpoint.post(server.uri("/token"), Map.of()).expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofSeconds(TokenEndpoint.DEFAULT_LIFETIME_SECONDS)));
    }

    @Test
    void anUnreachableEndpointIsAFailureNotAHang() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> endpoint.post(URI.create("http://127.0.0.1:" + closed + "/token"), Map.of()))
                .isInstanceOf(TokenFetchException.class)
                .hasMessageStartingWith("the token endpoint at 127.0.0.1 could not be reached");
    }
}
