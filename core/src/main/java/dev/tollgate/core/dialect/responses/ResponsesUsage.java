package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Canonical (Chat Completions) usage as Responses usage. Both count every input token in
 * {@code input_tokens} / {@code prompt_tokens}, so the counts carry over as they are: cache reads are
 * {@code prompt_tokens_details.cached_tokens}; cache writes are read where gateways put them
 * ({@code prompt_tokens_details.cache_write_tokens}, as OpenAI now names them, or
 * {@code cache_creation_input_tokens} there or beside the counts); reasoning tokens are
 * {@code completion_tokens_details.reasoning_tokens}.
 */
final class ResponsesUsage {

    private ResponsesUsage() {
    }

    /** Responses usage for a canonical usage object, or null when there is none. */
    static ObjectNode fromCanonical(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long input = count(usage, "prompt_tokens");
        long output = count(usage, "completion_tokens");
        JsonNode promptDetails = usage.get("prompt_tokens_details");
        long cacheRead = firstPresent(count(promptDetails, "cached_tokens", -1), count(usage, "cache_read_input_tokens"));
        long cacheWrite = firstPresent(count(promptDetails, "cache_write_tokens", -1),
                firstPresent(count(promptDetails, "cache_creation_input_tokens", -1),
                        firstPresent(count(usage, "cache_creation_input_tokens", -1),
                                count(promptDetails, "cache_creation_tokens"))));
        long reasoning = count(usage.get("completion_tokens_details"), "reasoning_tokens");
        long total = count(usage, "total_tokens", -1);
        ObjectNode out = ResponsesJson.object();
        out.put("input_tokens", input);
        ObjectNode inputDetails = out.putObject("input_tokens_details");
        inputDetails.put("cached_tokens", cacheRead);
        inputDetails.put("cache_write_tokens", cacheWrite);
        out.put("output_tokens", output);
        out.putObject("output_tokens_details").put("reasoning_tokens", reasoning);
        out.put("total_tokens", total >= 0 ? total : input + output);
        return out;
    }

    private static long firstPresent(long a, long b) {
        return a >= 0 ? a : b;
    }

    private static long count(JsonNode node, String field) {
        return Math.max(0, count(node, field, 0));
    }

    /** A non-negative count, or {@code missing} when the field is absent or not a number. */
    private static long count(JsonNode node, String field, long missing) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? Math.max(0, v.asLong()) : missing;
    }
}
