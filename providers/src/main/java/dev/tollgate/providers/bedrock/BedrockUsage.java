package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;

/**
 * Bedrock's {@code TokenUsage}: {@code inputTokens} excludes the prompt-cache reads and writes
 * ({@code cacheReadInputTokens}, {@code cacheWriteInputTokens}), as Anthropic's does; OpenAI's
 * {@code prompt_tokens} counts every input token, so the three are added up, the reads become
 * {@code prompt_tokens_details.cached_tokens} and the writes, which OpenAI's format has no field for,
 * {@code prompt_tokens_details.cache_creation_input_tokens} and {@link TokenUsage#cacheWriteTokens()}.
 * Reasoning tokens are part of {@code outputTokens} and not reported apart.
 */
record BedrockUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    /** The usage in a Bedrock {@code usage} object, or null when there is none. */
    static BedrockUsage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new BedrockUsage(count(usage, "inputTokens"), count(usage, "outputTokens"),
                count(usage, "cacheReadInputTokens"), count(usage, "cacheWriteInputTokens"));
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

    TokenUsage toTokenUsage() {
        return new TokenUsage(promptTokens(), outputTokens, cacheReadTokens, cacheWriteTokens, 0, false);
    }

    private static long count(JsonNode usage, String field) {
        JsonNode value = usage.get(field);
        return value != null && value.isNumber() && value.canConvertToLong() ? Math.max(0, value.asLong()) : 0;
    }
}
