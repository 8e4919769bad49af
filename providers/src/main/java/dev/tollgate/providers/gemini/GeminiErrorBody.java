package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.providers.canonical.Json;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Google's error envelope, {@code {"error":{"code":400,"message":"…","status":"INVALID_ARGUMENT","details":[…]}}}
 * (the streaming endpoint without {@code alt=sse} wraps it in an array), read defensively and scrubbed.
 */
final class GeminiErrorBody {

    /** Google API keys ({@code AIza…}), OAuth access tokens, and the {@code key=} query parameter. */
    private static final Pattern GOOGLE_KEY = Pattern.compile("AIza[0-9A-Za-z_\\-]{10,}");
    private static final Pattern OAUTH_TOKEN = Pattern.compile("ya29\\.[0-9A-Za-z_\\-.]+");
    private static final Pattern KEY_PARAM = Pattern.compile("(?i)\\b((?:api[_-]?)?key=)(?!\\[redacted])[A-Za-z0-9_\\-.~%]+");
    /** Keys of other vendors, should a proxy in front of Google echo one. */
    private static final Pattern OTHER_KEY = Pattern.compile("\\b(sk|tg|rk)-[A-Za-z0-9_\\-*]{6,}");
    private static final int MAX_MESSAGE = 1000;

    /** @param message already scrubbed, or null when the body had none */
    record Parsed(String status, String message, boolean apiKeyInvalid) {
    }

    private GeminiErrorBody() {
    }

    /** The error in an error body, or null when the body is not Google's envelope. */
    static Parsed read(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        JsonNode root;
        try {
            root = GeminiJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
        return of(root);
    }

    /** The error in an already parsed body or stream event, or null. */
    static Parsed of(JsonNode root) {
        if (root != null && root.isArray() && !root.isEmpty()) {
            root = root.get(0);
        }
        JsonNode error = root == null ? null : root.get("error");
        if (error == null || !error.isObject()) {
            return null;
        }
        String message = Json.text(error, "message");
        String status = Json.text(error, "status");
        boolean keyInvalid = false;
        for (JsonNode detail : error.path("details")) {
            if ("API_KEY_INVALID".equals(Json.text(detail, "reason"))) {
                keyInvalid = true;
            }
        }
        return new Parsed(status, message == null || message.isBlank() ? null : scrub(message), keyInvalid);
    }

    static String scrub(String message) {
        String clean = GOOGLE_KEY.matcher(message).replaceAll("[redacted]");
        clean = OAUTH_TOKEN.matcher(clean).replaceAll("[redacted]");
        clean = KEY_PARAM.matcher(clean).replaceAll("$1[redacted]");
        clean = OTHER_KEY.matcher(clean).replaceAll("[redacted]");
        return clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) + "…" : clean;
    }
}
