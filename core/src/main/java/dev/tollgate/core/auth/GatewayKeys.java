package dev.tollgate.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Issues gateway keys and hashes them. A key is {@code tg-} plus 43 url-safe characters (256 random bits),
 * so a plain SHA-256 is a sound one-way hash: there is nothing to brute-force that a slow hash would
 * protect. Thread-safe.
 */
public final class GatewayKeys {

    public static final String PREFIX = "tg-";
    private static final int RANDOM_BYTES = 32;
    private static final int DISPLAY_PREFIX_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private GatewayKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        return HexFormat.of().formatHex(SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** The part of a key safe to show after creation, e.g. {@code tg-AbC1234}. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, key.length()));
    }

    /** Cheap shape check before hashing, so garbage never costs a digest. */
    public static boolean looksLikeKey(String candidate) {
        if (candidate == null || !candidate.startsWith(PREFIX) || candidate.length() < PREFIX.length() + 40
                || candidate.length() > 200) {
            return false;
        }
        for (int i = PREFIX.length(); i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
