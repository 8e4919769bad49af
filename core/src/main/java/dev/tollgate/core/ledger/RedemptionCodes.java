package dev.tollgate.core.ledger;

import dev.tollgate.core.auth.GatewayKeys;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Issues redemption codes and hashes them. A code is {@code tgr-} plus 32 characters of Crockford's base32
 * (160 random bits; no I, L, O or U, so it survives being read aloud or typed), stored as its SHA-256 with a
 * 10-character display prefix, like a gateway key. With 160 bits a guess succeeds with probability ~2^-160 per
 * try, so a fast hash protects them; the customer API still limits wrong guesses. Thread-safe.
 */
public final class RedemptionCodes {

    public static final String PREFIX = "tgr-";
    private static final String ALPHABET_TEXT = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final char[] ALPHABET = ALPHABET_TEXT.toCharArray();
    private static final int LENGTH = 32;
    private static final int DISPLAY_PREFIX_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RedemptionCodes() {
    }

    public static String generate() {
        StringBuilder code = new StringBuilder(PREFIX.length() + LENGTH).append(PREFIX);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }

    /**
     * The canonical form of what a customer typed (surrounding blanks dropped, letters upper-cased after the
     * prefix), or null when it cannot be a code, so garbage never costs a query.
     */
    public static String normalize(String presented) {
        if (presented == null) {
            return null;
        }
        String s = presented.strip();
        if (s.length() != PREFIX.length() + LENGTH || !s.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String body = s.substring(PREFIX.length()).toUpperCase(Locale.ROOT);
        for (int i = 0; i < body.length(); i++) {
            if (ALPHABET_TEXT.indexOf(body.charAt(i)) < 0) {
                return null;
            }
        }
        return PREFIX + body;
    }

    public static String hash(String code) {
        return GatewayKeys.hash(code);
    }

    public static String displayPrefix(String code) {
        return code.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, code.length()));
    }
}
