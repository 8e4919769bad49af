package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;

/**
 * Gemini's {@code usageMetadata} as usage. {@code promptTokenCount} already includes the cached tokens
 * ({@code cachedContentTokenCount}); tool-use prompt tokens (built-in tools' results) are input too.
 * Thinking is billed as output but reported apart ({@code thoughtsTokenCount}), so it is added to the
 * completion tokens and reported again as reasoning tokens, as OpenAI does.
 */
final class GeminiUsage {

    private GeminiUsage() {
    }

    /** The usage in a {@code usageMetadata} object, or null when there is none. */
    static TokenUsage of(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return null;
        }
        long prompt = metadata.path("promptTokenCount").asLong() + metadata.path("toolUsePromptTokenCount").asLong();
        long thoughts = metadata.path("thoughtsTokenCount").asLong();
        long completion = metadata.path("candidatesTokenCount").asLong() + thoughts;
        long cached = metadata.path("cachedContentTokenCount").asLong();
        return new TokenUsage(prompt, completion, cached, thoughts, false);
    }

    /** OpenAI's {@code usage} object. */
    static ObjectNode json(TokenUsage usage) {
        ObjectNode out = Json.object();
        out.put("prompt_tokens", usage.promptTokens());
        out.put("completion_tokens", usage.completionTokens());
        out.put("total_tokens", usage.totalTokens());
        out.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
        out.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        return out;
    }
}
