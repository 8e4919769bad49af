package dev.tollgate.providers.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * The signed JWT a service account trades for an access token (RFC 7523, as Google documents it for server-to-server
 * OAuth): header {@code {"alg":"RS256","typ":"JWT","kid":…}}, claims {@code iss} (the account), {@code scope},
 * {@code aud} (the token URI), {@code iat} and {@code exp} an hour later (Google's maximum), signed with
 * SHA256withRSA from the JDK.
 */
public final class ServiceAccountAssertion {

    static final long LIFETIME_SECONDS = 3600;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ServiceAccountAssertion() {
    }

    public static String create(GoogleServiceAccount account, String scope, Instant now) {
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        if (account.privateKeyId() != null) {
            header.put("kid", account.privateKeyId());
        }
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", account.clientEmail())
                .put("scope", scope)
                .put("aud", account.tokenUri().toString())
                .put("iat", now.getEpochSecond())
                .put("exp", now.getEpochSecond() + LIFETIME_SECONDS);
        String signingInput = base64url(header) + "." + base64url(claims);
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(account.privateKey());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            // the key was parsed as RSA when the configuration loaded, so only a broken JDK gets here
            throw new IllegalStateException("RS256 signing failed: " + e.getClass().getSimpleName());
        }
    }

    private static String base64url(ObjectNode json) {
        return BASE64URL.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
