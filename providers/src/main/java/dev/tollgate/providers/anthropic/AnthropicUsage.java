package dev.tollgate.providers.anthropic;

import dev.tollgate.providers.messages.CacheAwareUsage;

/**
 * Anthropic's usage object, read as a {@link CacheAwareUsage}: {@code input_tokens} leaves out the cache reads
 * ({@code cache_read_input_tokens}) and writes ({@code cache_creation_input_tokens}).
 */
final class AnthropicUsage {

    static final CacheAwareUsage.Fields FIELDS = new CacheAwareUsage.Fields(
            "input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens");

    private AnthropicUsage() {
    }
}
