package dev.tollgate.core.metering;

/**
 * USD per one million tokens, by kind. {@code cacheWrite} is the price of input tokens written to a
 * prompt cache (Anthropic bills them above plain input); it defaults to the input price.
 */
public record Price(double input, double cachedInput, double cacheWrite, double output) {

    public static final Price FREE = new Price(0, 0, 0, 0);
}
