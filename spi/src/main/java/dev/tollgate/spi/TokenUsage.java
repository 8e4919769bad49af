package dev.tollgate.spi;

/**
 * Tokens a call consumed, by kind. {@code promptTokens} counts every input token; of those,
 * {@code cachedTokens} were read from the provider's prompt cache and {@code cacheWriteTokens} were
 * written to it (Anthropic bills both differently from plain input). {@code reasoningTokens} is the part
 * of {@code completionTokens} spent on hidden reasoning. {@code estimated} is true when the upstream
 * reported nothing and the gateway counted the tokens itself.
 */
public record TokenUsage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens,
                         long reasoningTokens, boolean estimated) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0, false);

    /** Usage without prompt-cache writes (OpenAI-style providers report none). */
    public TokenUsage(long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens,
                      boolean estimated) {
        this(promptTokens, completionTokens, cachedTokens, 0, reasoningTokens, estimated);
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
