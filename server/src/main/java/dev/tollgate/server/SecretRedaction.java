package dev.tollgate.server;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks secrets in text about to be logged: every configured upstream key verbatim, every secret an adapter
 * came to hold (access tokens, a private key read from a key file) verbatim, plus anything shaped like a
 * gateway key, an OpenAI-style key or a bearer token. The last line of defence; code should not try to log
 * secrets in the first place. Thread-safe.
 */
public final class SecretRedaction {

    private static final Pattern SHAPED = Pattern.compile(
            "(?i)(bearer\\s+)(?!\\$)[^\\s\"'\\\\,;]{8,}|\\btg-[A-Za-z0-9_-]{16,}|\\bsk-[A-Za-z0-9_-]{12,}");
    /** Access tokens rotate about hourly per credential: the most recent ones are plenty, and the set stays small. */
    static final int MAX_ISSUED = 1024;
    private static final int MIN_LENGTH = 6;

    private static volatile Set<String> known = Set.of();
    private static volatile Set<String> issued = Set.of();
    private static final LinkedHashSet<String> issuedOrder = new LinkedHashSet<>();

    private SecretRedaction() {
    }

    static void register(GatewayConfig config) {
        Set<String> all = new HashSet<>(known);
        for (ProviderSettings p : config.providers().values()) {
            for (Secret s : p.keys()) {
                if (s.reveal().length() >= MIN_LENGTH) {
                    all.add(s.reveal());
                }
            }
        }
        known = Set.copyOf(all);
    }

    /**
     * A secret that is not a configured key, handed over by an adapter before first use; the oldest of more than
     * {@link #MAX_ISSUED} are forgotten.
     */
    static void registerIssued(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return;
        }
        synchronized (issuedOrder) {
            issuedOrder.remove(secret);
            issuedOrder.add(secret);
            while (issuedOrder.size() > MAX_ISSUED) {
                issuedOrder.remove(issuedOrder.iterator().next());
            }
            issued = Set.copyOf(issuedOrder);
        }
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = mask(text, known);
        out = mask(out, issued);
        if (!mayHoldShapedSecret(out)) {
            return out; // the common case (every access-log line): no regex run at all
        }
        return SHAPED.matcher(out).replaceAll(m -> m.group(1) != null ? m.group(1) + "[redacted]" : "[redacted]");
    }

    private static String mask(String text, Set<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, "[redacted]");
            }
        }
        return out;
    }

    /** A cheap pre-check for {@link #SHAPED}: a bearer word, or a long enough key-shaped run after tg-/sk-. */
    static boolean mayHoldShapedSecret(String text) {
        if (text.contains("earer") || text.contains("EARER")) {
            return true;
        }
        return hasKeyShapedRun(text, "tg-", 16) || hasKeyShapedRun(text, "sk-", 12);
    }

    private static boolean hasKeyShapedRun(String text, String prefix, int minRun) {
        for (int at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
            int run = 0;
            for (int i = at + prefix.length(); i < text.length() && isKeyChar(text.charAt(i)); i++) {
                if (++run >= minRun) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isKeyChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
