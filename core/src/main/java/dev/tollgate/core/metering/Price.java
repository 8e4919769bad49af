package dev.tollgate.core.metering;

import dev.tollgate.spi.TokenUsage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What one model costs, exactly: token rates in USD per one million tokens and a fee per request in USD, each a
 * {@link BigDecimal} read from the decimal text of the configuration (never through a double).
 *
 * <p>Why decimals in USD per million rather than integer pico-USD per token: providers publish prices in USD per
 * million tokens with up to five decimals today (e.g. $0.0375, $0.03125), and a decimal keeps whatever an operator
 * writes, to any precision, without a unit conversion that could one day truncate. The cost of a call is a handful
 * of decimal multiplications, rounded once to whole nano-USD (half-up), so nothing accumulates rounding error.
 *
 * @param input       prompt tokens neither read from nor written to a prompt cache
 * @param cachedInput prompt tokens read from a cache (OpenAI cached, Anthropic cache read, Gemini cached content)
 * @param cacheWrite  prompt tokens written to a cache (Anthropic cache creation, Bedrock cache write)
 * @param output      completion tokens other than reasoning
 * @param reasoning   the part of the completion tokens spent on hidden reasoning (OpenAI reasoning tokens,
 *                    Gemini thoughts)
 * @param perRequest  USD per call the upstream answered successfully (2xx)
 */
public record Price(BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal output,
                    BigDecimal reasoning, BigDecimal perRequest) {

    public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO);

    /** (USD per 1M tokens) × tokens is micro-USD; × 10³ is nano-USD. */
    private static final int MICRO_TO_NANO = 3;
    /** USD × 10⁹ is nano-USD. */
    private static final int USD_TO_NANO = 9;

    public Price {
        Objects.requireNonNull(input);
        Objects.requireNonNull(cachedInput);
        Objects.requireNonNull(cacheWrite);
        Objects.requireNonNull(output);
        Objects.requireNonNull(reasoning);
        Objects.requireNonNull(perRequest);
    }

    /** Token prices with the usual defaults: cached and cache-write at the input price, reasoning at the output price. */
    public static Price of(BigDecimal input, BigDecimal output) {
        return new Price(input, input, input, output, output, BigDecimal.ZERO);
    }

    /**
     * The cost of one call in nano-USD, rounded half-up once. Prompt tokens: those read from the cache at
     * {@code cachedInput}, those written to it at {@code cacheWrite}, the rest at {@code input}. Completion tokens:
     * the reasoning part at {@code reasoning}, the rest at {@code output}. A report whose parts exceed its whole (a
     * provider's inconsistency) is clamped so that no token is charged twice.
     *
     * @param served whether the upstream answered successfully, which is when the per-request fee applies
     */
    public long costNanoUsd(TokenUsage usage, boolean served) {
        long prompt = Math.max(0, usage.promptTokens());
        long cached = clamp(usage.cachedTokens(), prompt);
        long written = clamp(usage.cacheWriteTokens(), prompt - cached);
        long plain = prompt - cached - written;
        long completion = Math.max(0, usage.completionTokens());
        long reasoned = clamp(usage.reasoningTokens(), completion);
        long visible = completion - reasoned;
        BigDecimal microUsd = times(input, plain).add(times(cachedInput, cached)).add(times(cacheWrite, written))
                .add(times(output, visible)).add(times(reasoning, reasoned));
        BigDecimal nanoUsd = microUsd.scaleByPowerOfTen(MICRO_TO_NANO);
        if (served) {
            nanoUsd = nanoUsd.add(perRequest.scaleByPowerOfTen(USD_TO_NANO));
        }
        return nanoUsd.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** Input plus output price in nano-USD per million tokens: a ranking for the {@code cheapest} strategy only. */
    public long listNanoUsdPerMillion() {
        return input.add(output).scaleByPowerOfTen(USD_TO_NANO).setScale(0, RoundingMode.HALF_UP).longValue();
    }

    private static BigDecimal times(BigDecimal rate, long tokens) {
        return tokens == 0 ? BigDecimal.ZERO : rate.multiply(BigDecimal.valueOf(tokens));
    }

    private static long clamp(long part, long whole) {
        return Math.max(0, Math.min(part, whole));
    }

    /** Equal when the amounts are equal, whatever their scale (2.5 and 2.50). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Price p && same(input, p.input) && same(cachedInput, p.cachedInput)
                && same(cacheWrite, p.cacheWrite) && same(output, p.output) && same(reasoning, p.reasoning)
                && same(perRequest, p.perRequest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(input.stripTrailingZeros(), output.stripTrailingZeros());
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) == 0;
    }
}
