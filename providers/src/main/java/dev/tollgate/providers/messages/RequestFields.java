package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.List;

/** Canonical request fields read the same way for every Messages-shaped upstream, each checked. */
public final class RequestFields {

    private RequestFields() {
    }

    /** @param upstream the upstream's name, for the error */
    public static void requireOneChoice(ObjectNode request, String upstream) throws TranslationException {
        JsonNode n = request.get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
            throw new TranslationException("n: " + upstream + " returns one choice per request, so only n=1 is supported");
        }
    }

    /** {@code max_completion_tokens}, else {@code max_tokens}, else null. */
    public static Integer maxTokens(ObjectNode request) throws TranslationException {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode value = request.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                throw new TranslationException(field + " must be a positive integer");
            }
            return value.asInt();
        }
        return null;
    }

    /**
     * {@code stop} as a list of sequences.
     *
     * @param dropEmpty whether empty sequences are left out (for upstreams that refuse them)
     */
    public static ArrayNode stopSequences(ObjectNode request, boolean dropEmpty) throws TranslationException {
        JsonNode stop = request.get("stop");
        ArrayNode sequences = Json.array();
        if (stop == null || stop.isNull()) {
            return sequences;
        }
        if (stop.isTextual()) {
            if (!dropEmpty || !stop.asText().isEmpty()) {
                sequences.add(stop.asText());
            }
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new TranslationException("stop must be a string or an array of strings");
                }
                if (!dropEmpty || !s.asText().isEmpty()) {
                    sequences.add(s.asText());
                }
            }
        } else {
            throw new TranslationException("stop must be a string or an array of strings");
        }
        return sequences;
    }

    /** A copy of a numeric field, or null when it is absent. */
    public static JsonNode number(ObjectNode request, String field) throws TranslationException {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new TranslationException(field + " must be a number");
        }
        return value.deepCopy();
    }
}
