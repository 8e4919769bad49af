package dev.tollgate.core.config;

import dev.tollgate.spi.provider.ProviderSettings;

import java.util.List;
import java.util.Map;

/**
 * One validated, immutable configuration snapshot. A reload builds a new one and swaps it in whole;
 * each call keeps the snapshot it started with.
 */
public record GatewayConfig(
        Server server,
        String storageUrl,
        String stateUrl,
        Simulator simulator,
        Features features,
        Map<String, ProviderSettings> providers,
        Map<String, ModelGroup> models,
        List<PriceEntry> prices) {

    public GatewayConfig {
        providers = Map.copyOf(providers);
        models = Map.copyOf(models);
        prices = List.copyOf(prices);
    }

    /**
     * @param maxBodyBytes     largest request body accepted (413 above it)
     * @param shutdownGraceMs  how long a graceful stop waits for in-flight calls
     */
    public record Server(String host, int port, long maxBodyBytes, int shutdownGraceMs) {
    }

    /**
     * Optional pipeline stages. All on by default; turning all off leaves a pure authenticated pass-through
     * (the benchmark's baseline arm).
     *
     * @param metering  read usage from answers (forcing {@code include_usage} on streams), price and book calls
     * @param metrics   Prometheus meters per call
     * @param accessLog one log line per call
     */
    public record Features(boolean metering, boolean metrics, boolean accessLog) {
        public static final Features ALL = new Features(true, true, true);
    }

    /** The built-in provider simulator, started in-process when enabled (demos, the starter config). */
    public record Simulator(boolean enabled, int port) {
    }

    /** A client-facing model name and the upstream deployments that serve it. */
    public record ModelGroup(String name, String strategy, List<Deployment> deployments) {
        public ModelGroup {
            deployments = List.copyOf(deployments);
        }
    }

    /** One upstream (provider account + its model name) serving a model group. */
    public record Deployment(String provider, String model, int weight) {
    }

    /** A price override, USD per one million tokens. Absent prices are zero; cached and cache-write default to input. */
    public record PriceEntry(String model, double input, double cachedInput, double cacheWrite, double output) {
    }
}
