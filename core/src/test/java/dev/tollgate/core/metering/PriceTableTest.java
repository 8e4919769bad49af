package dev.tollgate.core.metering;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.TokenUsage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PriceTableTest {

    @Test
    void pricesCachedPromptTokensAtTheCachedRate() {
        PriceTable table = PriceTable.withOverrides(List.of(new GatewayConfig.PriceEntry("m", 2.0, 0.5, 2.5, 8.0)));
        // 1000 uncached prompt tokens at $2/M = $0.002, 1000 cached at $0.5/M = $0.0005, 500 completion at $8/M = $0.004
        long nanos = table.costNanoUsd("m", new TokenUsage(2000, 500, 1000, 0, false));
        assertThat(nanos).isEqualTo(2_000_000 + 500_000 + 4_000_000);
    }

    @Test
    void pricesCacheWritesApart() {
        PriceTable table = PriceTable.withOverrides(List.of(new GatewayConfig.PriceEntry("m", 2.0, 0.5, 2.5, 8.0)));
        // 1000 plain at $2/M, 1000 read from cache at $0.5/M, 1000 written to it at $2.5/M
        long nanos = table.costNanoUsd("m", new TokenUsage(3000, 0, 1000, 1000, 0, false));
        assertThat(nanos).isEqualTo(2_000_000 + 500_000 + 2_500_000);
    }

    @Test
    void shipsDefaultsAndMatchesDatedAndPrefixedNames() {
        PriceTable table = PriceTable.withOverrides(List.of());
        assertThat(table.priceOf("gpt-4o-mini").input()).isEqualTo(0.15);
        assertThat(table.priceOf("gpt-4o-mini-2024-07-18")).isEqualTo(table.priceOf("gpt-4o-mini"));
        assertThat(table.priceOf("openai/gpt-4o")).isEqualTo(table.priceOf("gpt-4o"));
        assertThat(table.priceOf("unknown-model")).isEqualTo(Price.FREE);
    }

    @Test
    void configOverridesWinOverDefaults() {
        PriceTable table = PriceTable.withOverrides(List.of(new GatewayConfig.PriceEntry("gpt-4o-mini", 1, 1, 1, 1)));
        assertThat(table.priceOf("gpt-4o-mini").output()).isEqualTo(1.0);
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
