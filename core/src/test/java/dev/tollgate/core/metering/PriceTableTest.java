package dev.tollgate.core.metering;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.TokenUsage;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Figures in comments are worked out by hand; the assertions hold literal integers (nano-USD). */
class PriceTableTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static BigDecimal d(String text) {
        return new BigDecimal(text);
    }

    /** input 2, cached 0.5, cache write 2.5, output 8, reasoning 8 (USD per 1M), no per-request fee */
    private static Price twoEight() {
        return new Price(d("2"), d("0.5"), d("2.5"), d("8"), d("8"), BigDecimal.ZERO);
    }

    @Test
    void pricesCachedPromptTokensAtTheCachedRate() {
        PriceTable table = PriceTable.withOverrides(List.of(GatewayConfig.PriceEntry.global("m", twoEight())));
        // 1000 uncached prompt tokens at $2/M = $0.002, 1000 cached at $0.5/M = $0.0005, 500 completion at $8/M = $0.004
        long nanos = table.costNanoUsd("m", new TokenUsage(2000, 500, 1000, 0, false));
        assertThat(nanos).isEqualTo(6_500_000L);
    }

    @Test
    void pricesCacheWritesApart() {
        PriceTable table = PriceTable.withOverrides(List.of(GatewayConfig.PriceEntry.global("m", twoEight())));
        // 1000 plain at $2/M, 1000 read from cache at $0.5/M, 1000 written to it at $2.5/M
        long nanos = table.costNanoUsd("m", new TokenUsage(3000, 0, 1000, 1000, 0, false));
        assertThat(nanos).isEqualTo(5_000_000L);
    }

    @Test
    void reasoningTokensArePartOfTheCompletionAndPricedAtTheReasoningRate() {
        Price p = new Price(d("1"), d("1"), d("1"), d("4"), d("10"), BigDecimal.ZERO);
        // completion 1000 of which 600 reasoning: 400 × $4/M = 1,600,000 nano + 600 × $10/M = 6,000,000 nano
        assertThat(p.costNanoUsd(new TokenUsage(0, 1000, 0, 600, false), true)).isEqualTo(7_600_000L);
    }

    @Test
    void partsLargerThanTheirWholeAreClampedSoNothingIsChargedTwice() {
        // 10 prompt tokens reported with 50 cached: all 10 at the cached $0.5/M = 5 micro-USD = 5,000 nano; 5 completion
        // with 9 reasoning: all 5 at the reasoning $8/M = 40 micro-USD = 40,000 nano
        assertThat(twoEight().costNanoUsd(new TokenUsage(10, 5, 50, 7, 9, false), true)).isEqualTo(45_000L);
    }

    @Test
    void roundsHalfUpOnceForTheWholeCall() {
        Price p = Price.of(d("0.0005"), BigDecimal.ZERO);
        // 1 token × $0.0005/M = 0.5 nano → 1 (half-up); 3 tokens = 1.5 nano → 2, not 3 × round(0.5) = 3
        assertThat(p.costNanoUsd(new TokenUsage(1, 0, 0, 0, false), true)).isEqualTo(1L);
        assertThat(p.costNanoUsd(new TokenUsage(3, 0, 0, 0, false), true)).isEqualTo(2L);
        Price q = Price.of(d("0.0004"), BigDecimal.ZERO);
        // 1 token = 0.4 nano → 0
        assertThat(q.costNanoUsd(new TokenUsage(1, 0, 0, 0, false), true)).isZero();
    }

    @Test
    void decimalsAreExactWhereDoublesAreNot() {
        // 0.1 + 0.2 as doubles is 0.30000000000000004; as decimals, $0.3/M × 10^9 tokens = exactly $300
        Price p = new Price(d("0.1"), d("0.2"), d("0.1"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        assertThat(p.costNanoUsd(new TokenUsage(2_000_000_000L, 0, 1_000_000_000L, 0, false), true))
                .isEqualTo(300_000_000_000L);
    }

    @Test
    void thePerRequestFeeAppliesOnlyToServedCalls() {
        Price p = new Price(d("1"), d("1"), d("1"), d("1"), d("1"), d("0.0035"));
        // 100 tokens × $1/M = 100,000 nano; + $0.0035 = 3,500,000 nano when served
        assertThat(p.costNanoUsd(new TokenUsage(100, 0, 0, 0, false), true)).isEqualTo(3_600_000L);
        assertThat(p.costNanoUsd(new TokenUsage(100, 0, 0, 0, false), false)).isEqualTo(100_000L);
    }

    @Test
    void aPriceChangeIsNotRetroactive() {
        PriceTable table = PriceTable.withOverrides(List.of(
                GatewayConfig.PriceEntry.global("m", Price.of(d("1"), d("1"))),
                new GatewayConfig.PriceEntry("m", null, null, Instant.parse("2026-03-01T00:00:00Z"), Price.of(d("2"), d("2"))),
                new GatewayConfig.PriceEntry("m", null, null, Instant.parse("2026-07-01T00:00:00Z"), Price.of(d("3"), d("3")))));
        TokenUsage million = new TokenUsage(1_000_000, 0, 0, 0, false);
        // $1, $2 or $3 for a million input tokens, by when the call started
        assertThat(table.costNanoUsd("m", null, null, Instant.parse("2026-02-28T23:59:59.999Z"), million, true))
                .isEqualTo(1_000_000_000L);
        assertThat(table.costNanoUsd("m", null, null, Instant.parse("2026-03-01T00:00:00Z"), million, true))
                .isEqualTo(2_000_000_000L);
        assertThat(table.costNanoUsd("m", null, null, NOW, million, true)).isEqualTo(2_000_000_000L);
        assertThat(table.costNanoUsd("m", null, null, Instant.parse("2026-07-01T00:00:00Z"), million, true))
                .isEqualTo(3_000_000_000L);
    }

    @Test
    void aScopeWhoseEntriesAreAllInTheFutureFallsThroughToTheNextScope() {
        PriceTable table = PriceTable.withOverrides(List.of(
                GatewayConfig.PriceEntry.global("m", Price.of(d("1"), d("1"))),
                new GatewayConfig.PriceEntry("m", "acct", null, Instant.parse("2027-01-01T00:00:00Z"),
                        Price.of(d("5"), d("5")))));
        assertThat(table.priceOf("m", "acct", null, NOW).input()).isEqualByComparingTo("1");
        assertThat(table.priceOf("m", "acct", null, Instant.parse("2027-01-01T00:00:00Z")).input())
                .isEqualByComparingTo("5");
    }

    @Test
    void theMostSpecificScopeWins() {
        PriceTable table = PriceTable.withOverrides(List.of(
                GatewayConfig.PriceEntry.global("gpt-4o", Price.of(d("1"), d("1"))),
                new GatewayConfig.PriceEntry("gpt-4o", "azure-east", null, null, Price.of(d("2"), d("2"))),
                new GatewayConfig.PriceEntry(null, null, "east-ptu", null, Price.of(d("3"), d("3"))),
                new GatewayConfig.PriceEntry("gpt-4o", null, "east-mixed", null, Price.of(d("4"), d("4")))));
        // shipped default for gpt-4o is overridden by the global entry
        assertThat(table.priceOf("gpt-4o", "openai", "openai/gpt-4o", NOW).input()).isEqualByComparingTo("1");
        assertThat(table.priceOf("gpt-4o", "azure-east", "azure-east/gpt-4o", NOW).input()).isEqualByComparingTo("2");
        assertThat(table.priceOf("gpt-4o", "azure-east", "east-ptu", NOW).input()).isEqualByComparingTo("3");
        // a deployment entry for another model does not apply; the provider entry does
        assertThat(table.priceOf("gpt-4o", "azure-east", "east-mixed", NOW).input()).isEqualByComparingTo("4");
        assertThat(table.priceOf("gpt-4o-mini", "azure-east", "east-mixed", NOW))
                .isEqualTo(PriceTable.withOverrides(List.of()).priceOf("gpt-4o-mini"));
    }

    @Test
    void configOverridesWinOverDefaults() {
        PriceTable table = PriceTable.withOverrides(List.of(
                GatewayConfig.PriceEntry.global("gpt-4o-mini", Price.of(d("1"), d("1")))));
        assertThat(table.priceOf("gpt-4o-mini").output()).isEqualByComparingTo("1");
    }

    @Test
    void shipsDefaultsAndMatchesDatedAndPrefixedNames() {
        PriceTable table = PriceTable.withOverrides(List.of());
        assertThat(table.priceOf("gpt-4o-mini").input()).isEqualByComparingTo("0.15");
        assertThat(table.priceOf("gpt-4o-mini-2024-07-18")).isEqualTo(table.priceOf("gpt-4o-mini"));
        assertThat(table.priceOf("openai/gpt-4o")).isEqualTo(table.priceOf("gpt-4o"));
        assertThat(table.priceOf("unknown-model")).isEqualTo(Price.FREE);
    }

    @Test
    void looksModelsUpByTheirFamilyName() {
        assertThat(PriceTable.names("gpt-4o-2024-08-06")).containsExactly("gpt-4o-2024-08-06", "gpt-4o");
        assertThat(PriceTable.names("claude-sonnet-4-5-20250929")).containsExactly("claude-sonnet-4-5-20250929",
                "claude-sonnet-4-5");
        assertThat(PriceTable.names("us.anthropic.claude-3-5-haiku-20241022-v1:0")).containsExactly(
                "us.anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku-20241022", "claude-3-5-haiku");
        assertThat(PriceTable.names("openai/gpt-4o")).containsExactly("openai/gpt-4o", "gpt-4o");
        PriceTable defaults = PriceTable.withOverrides(List.of());
        assertThat(defaults.priceOf("anthropic.claude-3-5-haiku-20241022-v1:0").input()).isEqualByComparingTo("0.80");
    }

    @Test
    void theShippedTableReadsEveryEntryExactly() {
        assertThat(PriceTable.defaults()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.model()).isNotBlank();
            assertThat(e.price().input().signum()).isNotNegative();
        });
        Price sonnet = PriceTable.withOverrides(List.of()).priceOf("claude-sonnet-4-5");
        assertThat(sonnet).isEqualTo(new Price(d("3.00"), d("0.30"), d("3.75"), d("15.00"), d("15.00"), BigDecimal.ZERO));
    }

    @Test
    void estimatorCountsWithARealTokenizer() {
        TokenEstimator estimator = new TokenEstimator();
        assertThat(estimator.countText("Hello world")).isEqualTo(2);
        byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello world\"}]}".getBytes();
        long prompt = estimator.countPrompt(body, 0, body.length);
        assertThat(prompt).isEqualTo(3 + 1 + 2 + 3);
    }
}
