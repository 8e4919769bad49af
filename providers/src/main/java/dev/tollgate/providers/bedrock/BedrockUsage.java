package dev.tollgate.providers.bedrock;

import dev.tollgate.providers.messages.CacheAwareUsage;

/**
 * Bedrock's {@code TokenUsage}, read as a {@link CacheAwareUsage}: {@code inputTokens} leaves out the cache
 * reads ({@code cacheReadInputTokens}) and writes ({@code cacheWriteInputTokens}), as Anthropic's does.
 */
final class BedrockUsage {

    static final CacheAwareUsage.Fields FIELDS = new CacheAwareUsage.Fields(
            "inputTokens", "outputTokens", "cacheReadInputTokens", "cacheWriteInputTokens");

    private BedrockUsage() {
    }
}
