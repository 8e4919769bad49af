package dev.tollgate.core.secrets;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One 256-bit master key and its id. The id is derived from the key (a domain-separated SHA-256, 8 hex
 * digits), so operators never configure ids and an envelope always says which key sealed it; eight hex digits
 * identify a key among the few in use without helping anyone guess it.
 */
public final class MasterKey {

    private final String id;
    private final SecretKey key;

    private MasterKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
        this.id = HexFormat.of().formatHex(sha256("tollgate-secret-key-id\0", raw), 0, 4);
    }

    /**
     * @param base64 the key as configured: base64 (standard or URL-safe) of exactly 32 bytes
     * @param source where it came from (an environment variable's name, a file), for the error message
     */
    public static MasterKey parse(String base64, String source) {
        byte[] raw;
        try {
            String text = base64.trim();
            raw = text.contains("-") || text.contains("_") ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException(source + " is not valid base64 (expected base64 of 32 random bytes, "
                    + "e.g. from `openssl rand -base64 32`)");
        }
        if (raw.length != 32) {
            throw new SecretBoxException(source + " must be base64 of exactly 32 bytes (AES-256), got "
                    + raw.length + " bytes");
        }
        return new MasterKey(raw);
    }

    public String id() {
        return id;
    }

    SecretKey key() {
        return key;
    }

    private static byte[] sha256(String prefix, byte[] raw) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(prefix.getBytes(StandardCharsets.US_ASCII));
            return d.digest(raw);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
