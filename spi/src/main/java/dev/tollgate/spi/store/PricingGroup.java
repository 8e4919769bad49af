package dev.tollgate.spi.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A resale price list (relay mode): a caller in the group is charged its calls' cost × {@code multiplier} × the
 * model's ratio. Ratios are exact decimals, never doubles, so a charge is exact to the nano-USD.
 *
 * @param modelRatios model name (as the client names it) → ratio; a model not listed has ratio 1
 */
public record PricingGroup(String name, BigDecimal multiplier, Map<String, BigDecimal> modelRatios, Instant createdAt,
                           Instant updatedAt) {

    public PricingGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(multiplier, "multiplier");
        modelRatios = Map.copyOf(modelRatios);
    }
}
