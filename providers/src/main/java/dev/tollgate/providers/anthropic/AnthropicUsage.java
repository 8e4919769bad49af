package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;

/**
 * Anthropic's usage object. Anthropic counts prompt-cache reads and writes apart from {@code input_tokens};
 * OpenAI's {@code prompt_tokens} counts every input token, so the three are added up, and the cache read
 * becomes {@code prompt_tokens_details.cached_tokens}. Cache writes, which OpenAI's format has no field for,
 * appear as {@code prompt_tokens_details.cache_creation_input_tokens} and as
 * {@link TokenUsage#cacheWriteTokens()}.
 */
record AnthropicUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    /** The usage in an Anthropic {@code usage} object, or null when there is none. */
    static AnthropicUsage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new AnthropicUsage(0, 0, 0, 0).merge(usage);
    }

    /**
     * This usage updated by a later report (a stream's {@code message_delta}): counts there are cumulative,
     * so a field present there replaces the one here and an absent one leaves it.
     */
    AnthropicUsage merge(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return this;
        }
        return new AnthropicUsage(
                count(usage, "input_tokens", inputTokens),
                count(usage, "output_tokens", outputTokens),
                count(usage, "cache_read_input_tokens", cacheReadTokens),
                count(usage, "cache_creation_input_tokens", cacheWriteTokens));
    }

    long promptTokens() {
        return inputTokens + cacheReadTokens + cacheWriteTokens;
    }

    /** The OpenAI {@code usage} object. */
    ObjectNode toOpenAi() {
        ObjectNode out = Json.object();
        out.put("prompt_tokens", promptTokens());
        out.put("completion_tokens", outputTokens);
        out.put("total_tokens", promptTokens() + outputTokens);
        ObjectNode details = out.putObject("prompt_tokens_details");
        details.put("cached_tokens", cacheReadTokens);
        details.put("cache_creation_input_tokens", cacheWriteTokens);
        return out;
    }

    /** Anthropic does not report thinking tokens apart from output, so {@code reasoningTokens} is 0. */
    TokenUsage toTokenUsage() {
        return new TokenUsage(promptTokens(), outputTokens, cacheReadTokens, cacheWriteTokens, 0, false);
    }

    private static long count(JsonNode usage, String field, long otherwise) {
        JsonNode value = usage.get(field);
        return value != null && value.canConvertToLong() && value.isNumber() ? Math.max(0, value.asLong()) : otherwise;
    }
}
