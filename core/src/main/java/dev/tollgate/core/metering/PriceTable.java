package dev.tollgate.core.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.TokenUsage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices per model and the cost of a call. The shipped defaults ({@code default-prices.yaml}) cover the
 * common models; entries in the configuration override them. Lookups try the upstream model name
 * first, then the name without a {@code provider/} prefix or a date suffix. Immutable.
 */
public final class PriceTable {

    private static final BigDecimal NANOS_PER_MILLION_TOKENS_PER_DOLLAR = BigDecimal.valueOf(1_000L);
    private static final Map<String, Price> DEFAULTS = loadDefaults();

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    public static PriceTable withOverrides(List<GatewayConfig.PriceEntry> overrides) {
        Map<String, Price> all = new HashMap<>(DEFAULTS);
        for (GatewayConfig.PriceEntry e : overrides) {
            all.put(e.model(), new Price(e.input(), e.cachedInput(), e.cacheWrite(), e.output()));
        }
        return new PriceTable(all);
    }

    public Price priceOf(String model) {
        Price p = prices.get(model);
        if (p != null) {
            return p;
        }
        int slash = model.lastIndexOf('/');
        if (slash >= 0) {
            p = prices.get(model.substring(slash + 1));
            if (p != null) {
                return p;
            }
        }
        // dated snapshots such as gpt-4o-2024-08-06 are priced like their family
        String undated = model.replaceFirst("-\\d{4}-\\d{2}-\\d{2}$", "");
        return prices.getOrDefault(undated, Price.FREE);
    }

    /**
     * Cost in nano-USD: prompt tokens read from the cache at the cached price, written to it at the
     * cache-write price, the rest at the input price; completion (reasoning included) at the output
     * price. Rounded half-up once, per call.
     */
    public long costNanoUsd(String model, TokenUsage usage) {
        Price p = priceOf(model);
        long cached = Math.min(usage.cachedTokens(), usage.promptTokens());
        long written = Math.min(usage.cacheWriteTokens(), usage.promptTokens() - cached);
        long plain = usage.promptTokens() - cached - written;
        BigDecimal microTokenDollars = BigDecimal.valueOf(p.input()).multiply(BigDecimal.valueOf(plain))
                .add(BigDecimal.valueOf(p.cachedInput()).multiply(BigDecimal.valueOf(cached)))
                .add(BigDecimal.valueOf(p.cacheWrite()).multiply(BigDecimal.valueOf(written)))
                .add(BigDecimal.valueOf(p.output()).multiply(BigDecimal.valueOf(usage.completionTokens())));
        // (USD per 1M tokens) × tokens = micro-USD·10⁶/10⁶ … × 1000 = nano-USD
        return microTokenDollars.multiply(NANOS_PER_MILLION_TOKENS_PER_DOLLAR).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static Map<String, Price> loadDefaults() {
        try (InputStream in = PriceTable.class.getResourceAsStream("/default-prices.yaml")) {
            if (in == null) {
                return Map.of();
            }
            JsonNode root = new YAMLMapper().readTree(in);
            Map<String, Price> out = new HashMap<>();
            root.path("prices").forEach(n -> {
                double input = n.path("input").asDouble();
                out.put(n.path("model").asText(), new Price(input, n.path("cached_input").asDouble(input),
                        n.path("cache_write").asDouble(input), n.path("output").asDouble()));
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
