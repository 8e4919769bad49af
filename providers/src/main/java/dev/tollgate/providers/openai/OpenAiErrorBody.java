package dev.tollgate.providers.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.regex.Pattern;

/** Reads {@code error.message} out of an OpenAI-style error body, scrubbed of anything key-shaped. */
final class OpenAiErrorBody {

    private static final JsonFactory JSON = new JsonFactory();
    /** Providers echo (partly masked) keys in auth errors; never let one through. */
    private static final Pattern KEY_SHAPED = Pattern.compile("(sk|tg|key|rk)-[A-Za-z0-9_\\-*]{6,}");
    private static final int MAX_MESSAGE = 1000;

    private OpenAiErrorBody() {
    }

    static String message(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("error".equals(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken v = p.nextToken();
                        if ("message".equals(inner) && v == JsonToken.VALUE_STRING) {
                            return scrub(p.getText());
                        }
                        p.skipChildren();
                    }
                    return null;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    static String scrub(String message) {
        String clean = KEY_SHAPED.matcher(message).replaceAll("[redacted]");
        return clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) + "…" : clean;
    }
}
