package dev.tollgate.core.auth;

import io.vertx.core.MultiMap;

/**
 * Finds the gateway key a client presented, in any of the places official SDKs put one:
 * {@code Authorization: Bearer …} (OpenAI), {@code x-api-key} (Anthropic), {@code api-key} (Azure OpenAI).
 */
public final class PresentedKey {

    private PresentedKey() {
    }

    public static String from(MultiMap headers) {
        String auth = headers.get("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String key = headers.get("x-api-key");
        if (key != null) {
            return key.trim();
        }
        key = headers.get("api-key");
        return key != null ? key.trim() : null;
    }
}
