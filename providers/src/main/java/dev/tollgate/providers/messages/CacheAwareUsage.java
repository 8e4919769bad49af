package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;

/**
 * A Messages-shaped upstream's usage, whose input count leaves out prompt-cache reads and writes. OpenAI's
 * {@code prompt_tokens} counts every input token, so the three are added up, and the reads become
 * {@code prompt_tokens_details.cached_tokens}. Cache writes, which OpenAI's format has no field for, appear as
 * {@code prompt_tokens_details.cache_creation_input_tokens} and as {@link TokenUsage#cacheWriteTokens()}.
 * Thinking tokens are part of the output count and not reported apart.
 */
public record CacheAwareUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    /** What one wire format calls the four counts in its {@code usage} object. */
    public record Fields(String input, String output, String cacheRead, String cacheWrite) {
    }

    private static final CacheAwareUsage NONE = new CacheAwareUsage(0, 0, 0, 0);

    /** The usage in a {@code usage} object, or null when there is none. */
    public static CacheAwareUsage of(JsonNode usage, Fields fields) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return NONE.merge(usage, fields);
    }

    /**
     * This usage updated by a later report (a stream's closing event): counts there are cumulative, so a field
     * present there replaces the one here and an absent one leaves it.
     */
    public CacheAwareUsage merge(JsonNode usage, Fields fields) {
        if (usage == null || !usage.isObject()) {
            return this;
        }
        return new CacheAwareUsage(
                count(usage, fields.input(), inputTokens),
                count(usage, fields.output(), outputTokens),
                count(usage, fields.cacheRead(), cacheReadTokens),
                count(usage, fields.cacheWrite(), cacheWriteTokens));
    }

    public long promptTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens;
    }

    /** The OpenAI {@code usage} object. */
    public ObjectNode toOpenAi() {
        ObjectNode out = Json.object();
        out.put("prompt_tokens", promptTokens());
        out.put("completion_tokens", outputTokens);
        out.put("total_tokens", promptTokens() + outputTokens);
        ObjectNode details = out.putObject("prompt_tokens_details");
        details.put("cached_tokens", cacheReadTokens);
        details.put("cache_creation_input_tokens", cacheWriteTokens);
        return out;
    }

    public TokenUsage toTokenUsage() {
        return new TokenUsage(promptTokens(), outputTokens, cacheReadTokens, cacheWriteTokens, 0, false);
    }

    private static long count(JsonNode usage, String field, long otherwise) {
        JsonNode value = usage.get(field);
        return value != null && value.canConvertToLong() && value.isNumber() ? Math.max(0, value.asLong()) : otherwise;
    }
}
