package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Canonical (OpenAI) usage as Anthropic usage. OpenAI's {@code prompt_tokens} counts every input token;
 * Anthropic's {@code input_tokens} counts only those neither read from nor written to the prompt cache, so
 * both cache counts are taken out of it. Cache reads are {@code prompt_tokens_details.cached_tokens};
 * cache writes, which OpenAI's format has no field for, are read where gateways put them:
 * {@code prompt_tokens_details.cache_creation_input_tokens}, {@code cache_creation_input_tokens} or
 * {@code prompt_tokens_details.cache_creation_tokens}.
 */
final class AnthropicUsage {

    private AnthropicUsage() {
    }

    /** Anthropic usage for a canonical usage object; all zero when it is missing. */
    static ObjectNode fromCanonical(JsonNode usage) {
        long prompt = count(usage, "prompt_tokens");
        long completion = count(usage, "completion_tokens");
        JsonNode details = usage == null ? null : usage.get("prompt_tokens_details");
        long cacheRead = firstPresent(details, "cached_tokens", usage, "cache_read_input_tokens");
        long cacheWrite = details != null && details.path("cache_creation_input_tokens").isNumber()
                ? count(details, "cache_creation_input_tokens")
                : firstPresent(usage, "cache_creation_input_tokens", details, "cache_creation_tokens");
        ObjectNode out = AnthropicJson.object();
        out.put("input_tokens", Math.max(0, prompt - cacheRead - cacheWrite));
        out.put("cache_creation_input_tokens", cacheWrite);
        out.put("cache_read_input_tokens", cacheRead);
        out.put("output_tokens", completion);
        return out;
    }

    /** The usage a stream starts with, before the real counts arrive at its end. */
    static ObjectNode zero() {
        return fromCanonical(null);
    }

    private static long firstPresent(JsonNode a, String fieldA, JsonNode b, String fieldB) {
        if (a != null && a.path(fieldA).isNumber()) {
            return a.get(fieldA).asLong();
        }
        return count(b, fieldB);
    }

    private static long count(JsonNode node, String field) {
        if (node == null) {
            return 0;
        }
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? Math.max(0, v.asLong()) : 0;
    }
}
