package dev.tollgate.providers.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Google Cloud service-account key file ({@code "type": "service_account"}), as downloaded from the console:
 * the parts the JWT-bearer flow needs. Error messages name the missing or bad field, never a value. The printed
 * form shows only the account's e-mail.
 *
 * @param clientEmail  the account, the assertion's issuer
 * @param privateKey   the RSA key the assertion is signed with
 * @param privateKeyId the key's id, sent as the JWT {@code kid}; null when the file has none
 * @param tokenUri     where the assertion is exchanged for an access token (normally {@code https://oauth2.googleapis.com/token})
 * @param secretParts  the private key's text as it appears in the file and each base64 line of it, for log masking
 */
public record GoogleServiceAccount(String clientEmail, PrivateKey privateKey, String privateKeyId, URI tokenUri,
                                   List<String> secretParts) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shorter base64 runs could be ordinary words; every line of a real key is 64 characters. */
    private static final int MIN_MASKED_LINE = 16;

    public GoogleServiceAccount {
        secretParts = List.copyOf(secretParts);
    }

    /** @throws IllegalArgumentException when the text is not a usable service-account key; quotes none of it */
    public static GoogleServiceAccount parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a service-account key: not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a service-account key: not a JSON object");
        }
        String type = root.path("type").asText("");
        if (!type.equals("service_account")) {
            throw new IllegalArgumentException("not a service-account key: \"type\" must be \"service_account\"");
        }
        String email = required(root, "client_email");
        String pem = required(root, "private_key");
        String tokenUri = required(root, "token_uri");
        URI uri;
        try {
            uri = URI.create(tokenUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("service-account key: \"token_uri\" is not a URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("service-account key: \"token_uri\" must be an http(s) URL");
        }
        String keyId = root.path("private_key_id").asText(null);
        return new GoogleServiceAccount(email, rsaKey(pem), keyId, uri, secretParts(pem));
    }

    private static String required(JsonNode root, String field) {
        String value = root.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("service-account key: \"" + field + "\" is missing");
        }
        return value;
    }

    /** PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), which is what Google issues. */
    private static PrivateKey rsaKey(String pem) {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("service-account key: \"private_key\" is not a PKCS#8 RSA key in PEM form");
        }
    }

    private static List<String> secretParts(String pem) {
        List<String> parts = new ArrayList<>();
        parts.add(pem);
        for (String line : pem.split("\\s+")) {
            if (line.length() >= MIN_MASKED_LINE && !line.startsWith("-----")) {
                parts.add(line);
            }
        }
        return parts;
    }

    @Override
    public String toString() {
        return "GoogleServiceAccount[" + clientEmail + "]";
    }
}
