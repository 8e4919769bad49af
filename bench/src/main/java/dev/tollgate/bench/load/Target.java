package dev.tollgate.bench.load;

import java.util.Map;

/**
 * Where load goes: an OpenAI base URL (ending in {@code /v1}) and the headers every request carries
 * (the key, and for Portkey its routing headers). Immutable.
 */
public record Target(String baseUrl, Map<String, String> headers) {

    public Target {
        headers = Map.copyOf(headers);
    }

    public String chatCompletionsUrl() {
        return baseUrl + "/chat/completions";
    }
}
