package dev.tollgate.spi;

/**
 * Tokens a call consumed, by kind. {@code cachedTokens} is the part of {@code promptTokens} served from
 * the provider's prompt cache; {@code reasoningTokens} is the part of {@code completionTokens} spent on
 * hidden reasoning. {@code estimated} is true when the upstream reported nothing and the gateway counted
 * the tokens itself.
 */
public record TokenUsage(long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens,
                         boolean estimated) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, false);

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
