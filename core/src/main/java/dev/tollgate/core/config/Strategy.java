package dev.tollgate.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a model group chooses among its healthy deployments; see docs/routing.md. */
public enum Strategy {
    /** Random, in proportion to the weights. */
    WEIGHTED,
    /** Two weighted draws; the one with fewer calls in flight wins (the first on a tie). The default. */
    P2C,
    /** The lowest priority number that has a healthy deployment; weighted within it. */
    PRIORITY,
    /** The lowest moving average of time to first token (streams) or total time (other calls). */
    LEAST_LATENCY,
    /** The fewest calls in flight. */
    LEAST_BUSY,
    /** The lowest price per token from the price table. */
    CHEAPEST;

    public static final Strategy DEFAULT = P2C;

    /** The name used in the configuration file, e.g. {@code least-latency}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the strategy of that configuration name, or null */
    public static Strategy byConfigName(String name) {
        return Arrays.stream(values()).filter(s -> s.configName().equals(name)).findFirst().orElse(null);
    }

    public static List<String> configNames() {
        return Arrays.stream(values()).map(Strategy::configName).toList();
    }
}
