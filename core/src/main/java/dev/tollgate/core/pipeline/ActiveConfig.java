package dev.tollgate.core.pipeline;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.ModelCatalog;
import dev.tollgate.core.metering.PriceTable;

/** A configuration snapshot with what is derived from it, built once per (re)load and swapped whole. */
public record ActiveConfig(GatewayConfig config, PriceTable prices, ModelCatalog models) {

    public static ActiveConfig of(GatewayConfig config) {
        return new ActiveConfig(config, PriceTable.withOverrides(config.prices()), new ModelCatalog(config.models()));
    }
}
