package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.Map;

/**
 * Claude's extended thinking from a canonical request: an explicit Anthropic {@code thinking} object, or
 * OpenAI's {@code reasoning_effort} as a thinking budget. Where the object goes is the format's business.
 */
public final class Thinking {

    /** Claude needs {@code max_tokens}; OpenAI clients usually leave it out. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    /** Thinking budgets for {@code reasoning_effort}; 1024 is Anthropic's minimum. */
    public static final Map<String, Integer> EFFORT_BUDGETS =
            Map.of("minimal", 1024, "low", 1024, "medium", 4096, "high", 16384);

    private Thinking() {
    }

    /** A copy of the request's own {@code thinking} object, or null when it has none. */
    public static ObjectNode explicit(ObjectNode request) throws TranslationException {
        JsonNode explicit = request.get("thinking");
        if (explicit == null || explicit.isNull()) {
            return null;
        }
        if (!explicit.isObject()) {
            throw new TranslationException("thinking must be an object such as {\"type\":\"enabled\",\"budget_tokens\":2048}");
        }
        return explicit.deepCopy();
    }

    /** The {@code reasoning_effort} level, or null when there is none or it is {@code none}. */
    public static String effort(ObjectNode request) throws TranslationException {
        JsonNode effort = request.get("reasoning_effort");
        if (effort == null || effort.isNull()) {
            return null;
        }
        String level = effort.isTextual() ? effort.asText() : "";
        if (!level.equals("none") && !EFFORT_BUDGETS.containsKey(level)) {
            throw new TranslationException("reasoning_effort must be one of none, minimal, low, medium, high");
        }
        return level.equals("none") ? null : level;
    }

    /** {@code {"type":"enabled","budget_tokens"}} for an effort level. */
    public static ObjectNode enabled(String level) {
        ObjectNode out = Json.object();
        out.put("type", "enabled");
        out.put("budget_tokens", EFFORT_BUDGETS.get(level));
        return out;
    }

    public static boolean on(ObjectNode thinking) {
        return thinking != null && !"disabled".equals(Json.text(thinking, "type"));
    }
}
