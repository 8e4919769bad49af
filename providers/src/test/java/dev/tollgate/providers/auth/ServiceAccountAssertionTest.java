package dev.tollgate.providers.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceAccountAssertionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair KEYS = TestKeys.rsa();
    private static final String TOKEN_URI = "https://oauth2.googleapis.com/token";

    @Test
    void theAssertionIsAnRs256JwtWithGooglesClaims() throws Exception {
        GoogleServiceAccount account = GoogleServiceAccount.parse(
                TestKeys.serviceAccountJson(KEYS, "gw@p.iam.gserviceaccount.com", TOKEN_URI));
        Instant now = Instant.parse("2026-01-02T03:04:05Z");

        String jwt = ServiceAccountAssertion.create(account, "https://www.googleapis.com/auth/cloud-platform", now);

        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = decode(parts[0]);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.path("kid").asText()).isEqualTo("kid-1");
        JsonNode claims = decode(parts[1]);
        assertThat(claims.path("iss").asText()).isEqualTo("gw@p.iam.gserviceaccount.com");
        assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
        assertThat(claims.path("aud").asText()).isEqualTo(TOKEN_URI);
        assertThat(claims.path("iat").asLong()).isEqualTo(now.getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(now.getEpochSecond() + 3600);
        assertThat(verifies(parts, KEYS.getPublic())).isTrue();
        assertThat(verifies(parts, TestKeys.rsa().getPublic())).isFalse();
        assertThat(jwt).doesNotContain("=").doesNotContain("+").doesNotContain("/"); // base64url, unpadded
    }

    @Test
    void aKeyFileIsReadWithoutEverQuotingItsSecret() {
        String json = TestKeys.serviceAccountJson(KEYS, "gw@p.iam.gserviceaccount.com", TOKEN_URI);
        GoogleServiceAccount account = GoogleServiceAccount.parse(json);
        assertThat(account.tokenUri()).hasToString(TOKEN_URI);
        assertThat(account.toString()).isEqualTo("GoogleServiceAccount[gw@p.iam.gserviceaccount.com]");
        String firstLine = TestKeys.pem(KEYS).split("\n")[1];
        assertThat(account.secretParts()).contains(TestKeys.pem(KEYS), firstLine);

        String broken = json.replace(firstLine, firstLine.substring(0, 30) + "!!" + firstLine.substring(32));
        assertThatThrownBy(() -> GoogleServiceAccount.parse(broken))
                .hasMessageContaining("\"private_key\" is not a PKCS#8 RSA key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(firstLine.substring(0, 30)));
        assertThatThrownBy(() -> GoogleServiceAccount.parse(json.replace("\"client_email\"", "\"email\"")))
                .hasMessageContaining("\"client_email\" is missing");
        assertThatThrownBy(() -> GoogleServiceAccount.parse(json.replace("service_account", "authorized_user")))
                .hasMessageContaining("\"type\" must be \"service_account\"");
        assertThatThrownBy(() -> GoogleServiceAccount.parse("sk-not-json-at-all"))
                .hasMessage("not a service-account key: not JSON");
    }

    private static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }

    private static boolean verifies(String[] parts, PublicKey key) throws Exception {
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
