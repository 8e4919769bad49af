package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.providers.canonical.Json;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Reads an Anthropic error, {@code {"type":"error","error":{"type":"overloaded_error","message":"…"}}}, as it
 * comes in an error answer or a stream's {@code error} event. Messages are scrubbed of key-shaped strings
 * ({@code sk-ant-api03-…} included) and UUIDs (organisation ids) and capped, so they can reach a client.
 */
record AnthropicErrorBody(String type, String message) {

    private static final Pattern KEY_SHAPED = Pattern.compile("(sk|tg|key|rk)-[A-Za-z0-9_\\-*]{6,}");
    /** Rate-limit messages name the upstream organisation; that is the gateway's business, not the client's. */
    private static final Pattern UUID_SHAPED =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ERROR_TYPE = Pattern.compile("[a-z_]{1,64}");
    private static final int MAX_MESSAGE = 1000;

    /** The error in a body, or null when the body is not an Anthropic error. */
    static AnthropicErrorBody parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return of(Json.MAPPER.readTree(body));
        } catch (IOException e) {
            return null;
        }
    }

    /** The error in a parsed body, or null when it is not an Anthropic error. */
    static AnthropicErrorBody of(JsonNode root) {
        JsonNode error = root == null ? null : root.get("error");
        if (error == null || !error.isObject()) {
            return null;
        }
        String type = Json.text(error, "type");
        String message = Json.text(error, "message");
        return new AnthropicErrorBody(type != null && ERROR_TYPE.matcher(type).matches() ? type : null,
                message == null || message.isBlank() ? null : scrub(message));
    }

    static String scrub(String message) {
        String clean = KEY_SHAPED.matcher(message).replaceAll("[redacted]");
        clean = UUID_SHAPED.matcher(clean).replaceAll("[redacted]");
        return clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) + "…" : clean;
    }

    /** "type: message" with whatever of the two is known. */
    String describe() {
        if (type != null && message != null) {
            return type + ": " + message;
        }
        return type != null ? type : message != null ? message : "unknown error";
    }
}
