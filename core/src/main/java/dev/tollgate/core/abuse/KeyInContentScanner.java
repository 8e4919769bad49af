package dev.tollgate.core.abuse;

import dev.tollgate.core.auth.GatewayKeys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds gateway-key-shaped strings in a request body: {@code tg-} followed by exactly 43 URL-safe base64
 * characters (32 random bytes), not part of a longer token. A byte search, no parsing; JSON never escapes these
 * characters, so the key appears in the body as it was pasted. The candidates still have to be checked against
 * the key snapshot: only a real key of ours counts.
 */
final class KeyInContentScanner {

    static final int KEY_BODY_LENGTH = 43;
    private static final byte[] PREFIX = GatewayKeys.PREFIX.getBytes(StandardCharsets.US_ASCII);

    private KeyInContentScanner() {
    }

    static List<String> candidates(byte[] bytes, int offset, int length) {
        List<String> found = null;
        int end = offset + length;
        int last = end - PREFIX.length - KEY_BODY_LENGTH;
        for (int i = offset; i <= last; i++) {
            if (bytes[i] != 't' || bytes[i + 1] != 'g' || bytes[i + 2] != '-') {
                continue;
            }
            if (i > offset && urlSafe(bytes[i - 1])) {
                continue; // inside a longer token
            }
            int from = i + PREFIX.length;
            int j = from;
            while (j < end && j - from <= KEY_BODY_LENGTH && urlSafe(bytes[j])) {
                j++;
            }
            if (j - from == KEY_BODY_LENGTH) {
                if (found == null) {
                    found = new ArrayList<>(1);
                }
                found.add(new String(bytes, i, PREFIX.length + KEY_BODY_LENGTH, StandardCharsets.US_ASCII));
            }
            i = j - 1;
        }
        return found == null ? List.of() : found;
    }

    private static boolean urlSafe(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
