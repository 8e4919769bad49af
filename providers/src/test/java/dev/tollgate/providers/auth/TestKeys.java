package dev.tollgate.providers.auth;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** Throwaway RSA keys and service-account files made from them. */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PEM with 64-character lines, as Google writes {@code private_key}. */
    public static String pem(KeyPair keys) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** A service-account key file for {@code keys}, exchanged at {@code tokenUri}. */
    public static String serviceAccountJson(KeyPair keys, String clientEmail, String tokenUri) {
        return "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key_id\":\"kid-1\","
                + "\"private_key\":\"" + pem(keys).replace("\n", "\\n") + "\",\"client_email\":\"" + clientEmail
                + "\",\"client_id\":\"1\",\"auth_uri\":\"https://accounts.google.com/o/oauth2/auth\","
                + "\"token_uri\":\"" + tokenUri + "\"}";
    }
}
