package dev.tollgate.core.ledger;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.Strategy;
import dev.tollgate.core.metering.Price;
import dev.tollgate.core.metering.PriceTable;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorstCaseTest {

    @Test
    void promptIsOneTokenPerBytePlusOverheadAndOutputIsMaxTokensAtTheDearestReachableDeployment() {
        PriceTable prices = PriceTable.withOverrides(List.of(
                GatewayConfig.PriceEntry.global("cheap", Price.of(new BigDecimal("1"), new BigDecimal("2"))),
                GatewayConfig.PriceEntry.global("dear", new Price(new BigDecimal("3"), new BigDecimal("3"),
                        new BigDecimal("4"), new BigDecimal("10"), new BigDecimal("12"), BigDecimal.ZERO))));
        GatewayConfig.ModelGroup fallback = GatewayConfig.ModelGroup.of("fallback", Strategy.values()[0],
                List.of(deployment("dear")));
        GatewayConfig.ModelGroup primary = new GatewayConfig.ModelGroup("primary", List.of(), Strategy.values()[0],
                List.of(deployment("cheap")), List.of("fallback"), List.of(), List.of(),
                dev.tollgate.core.config.RoutingPolicy.DEFAULTS);
        GatewayConfig.Ledger settings = new GatewayConfig.Ledger(false, 2_000, 4_096, 64, null, null);
        Map<String, GatewayConfig.ModelGroup> groups = Map.of("primary", primary, "fallback", fallback);

        Instant now = Instant.now();
        long withMax = WorstCase.costNanoUsd(primary, "", groups, prices, 1_000, 100, settings, now);
        // dear, prompt at its cache-write price (4 > 3) and output at its reasoning price (12 > 10):
        // (1064 × 4 + 100 × 12) USD per million tokens = 5456 micro-USD
        assertThat(withMax).isEqualTo(5_456_000);
        long withoutMax = WorstCase.costNanoUsd(primary, "", groups, prices, 1_000, -1, settings, now);
        // 1064 × 4 + 4096 × 12 = 53408 micro-USD
        assertThat(withoutMax).isEqualTo(53_408_000);
        long primaryAlone = WorstCase.costNanoUsd(primary, "", Map.of("primary", primary), prices, 1_000, 100, settings,
                now);
        // cheap: 1064 × 1 + 100 × 2 = 1264 micro-USD
        assertThat(primaryAlone).isEqualTo(1_264_000);
    }

    private static GatewayConfig.Deployment deployment(String model) {
        return new GatewayConfig.Deployment("sim", model, 1);
    }
}
