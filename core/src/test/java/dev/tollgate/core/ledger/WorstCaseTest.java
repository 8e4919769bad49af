package dev.tollgate.core.ledger;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.Strategy;
import dev.tollgate.core.metering.PriceTable;
import dev.tollgate.spi.TokenUsage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorstCaseTest {

    @Test
    void promptIsOneTokenPerBytePlusOverheadAndOutputIsMaxTokensAtTheDearestReachableDeployment() {
        PriceTable prices = PriceTable.withOverrides(List.of(
                new GatewayConfig.PriceEntry("cheap", 1.0, 1.0, 1.0, 2.0),
                new GatewayConfig.PriceEntry("dear", 3.0, 3.0, 4.0, 10.0)));
        GatewayConfig.ModelGroup fallback = GatewayConfig.ModelGroup.of("fallback", Strategy.values()[0],
                List.of(deployment("dear")));
        GatewayConfig.ModelGroup primary = new GatewayConfig.ModelGroup("primary", List.of(), Strategy.values()[0],
                List.of(deployment("cheap")), List.of("fallback"), List.of(), List.of(),
                dev.tollgate.core.config.RoutingPolicy.DEFAULTS);
        GatewayConfig.Ledger settings = new GatewayConfig.Ledger(false, 2_000, 4_096, 64, null, null);
        Map<String, GatewayConfig.ModelGroup> groups = Map.of("primary", primary, "fallback", fallback);

        long withMax = WorstCase.costNanoUsd(primary, "", groups, prices, 1_000, 100, settings);
        // dear, prompt at its cache-write price (4 > 3): 1064 × 4 + 100 × 10 USD per million tokens
        assertThat(withMax).isEqualTo(prices.costNanoUsd("dear", new TokenUsage(1_064, 100, 0, 1_064, 0, false)));
        long withoutMax = WorstCase.costNanoUsd(primary, "", groups, prices, 1_000, -1, settings);
        assertThat(withoutMax).isEqualTo(prices.costNanoUsd("dear", new TokenUsage(1_064, 4_096, 0, 1_064, 0, false)));
        long primaryAlone = WorstCase.costNanoUsd(primary, "", Map.of("primary", primary), prices, 1_000, 100, settings);
        assertThat(primaryAlone).isEqualTo(prices.costNanoUsd("cheap", new TokenUsage(1_064, 100, 0, 0, 0, false)));
    }

    private static GatewayConfig.Deployment deployment(String model) {
        return new GatewayConfig.Deployment("sim", model, 1);
    }
}
