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
        List<PriceEntry> prices,
        dev.tollgate.core.guardrails.Guardrails guardrails) {

    public GatewayConfig {
        providers = Map.copyOf(providers);
        models = Map.copyOf(models);
        prices = List.copyOf(prices);
    }

    /**
     * @param maxBodyBytes     largest request body accepted (413 above it)
     * @param shutdownGraceMs  how long a graceful stop waits for in-flight calls
     * @param authFailuresPerMinute wrong keys an address may present in any minute before it gets 429; 0: off
     */
    public record Server(String host, int port, long maxBodyBytes, int shutdownGraceMs, int authFailuresPerMinute) {
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

    /**
     * A client-facing model name and the upstream deployments that serve it.
     *
     * @param name                   what clients ask for; ending in {@code /*} it matches every name with that
     *                               prefix, and a deployment model {@code *} stands for the rest of the name
     * @param aliases                other names for the same group
     * @param strategy               how a deployment is chosen
     * @param fallbacks              groups tried in order once no deployment of this one can serve
     * @param contextWindowFallbacks groups tried when the upstream said the prompt is too long
     * @param contentPolicyFallbacks groups tried when the upstream refused on content policy
     */
    public record ModelGroup(String name, List<String> aliases, Strategy strategy, List<Deployment> deployments,
                             List<String> fallbacks, List<String> contextWindowFallbacks,
                             List<String> contentPolicyFallbacks, RoutingPolicy policy) {
        public ModelGroup {
            aliases = List.copyOf(aliases);
            deployments = List.copyOf(deployments);
            fallbacks = List.copyOf(fallbacks);
            contextWindowFallbacks = List.copyOf(contextWindowFallbacks);
            contentPolicyFallbacks = List.copyOf(contentPolicyFallbacks);
        }

        /** A group of one deployment per entry, with default routing: for tests and benchmarks. */
        public static ModelGroup of(String name, Strategy strategy, List<Deployment> deployments) {
            return new ModelGroup(name, List.of(), strategy, deployments, List.of(), List.of(), List.of(),
                    RoutingPolicy.DEFAULTS);
        }

        public boolean isWildcard() {
            return name.endsWith("/*");
        }
    }

    /**
     * One upstream (provider account + its model name) serving a model group.
     *
     * @param name          unique within the group; shown to clients in {@code x-tollgate-deployment} and in
     *                      metrics (defaults to {@code provider/model})
     * @param priority      lower is preferred by the {@code priority} strategy
     * @param tags          a request asking for tags ({@code x-tollgate-tags}) only goes to deployments having all
     * @param rpm           requests per minute this gateway sends it at most (0 = no cap)
     * @param tpm           tokens per minute (prompt + completion, counted when calls settle) it is sent at most
     *                      (0 = no cap)
     * @param maxConcurrent calls in flight at most (0 = no cap)
     * @param contextWindow tokens of context, for information and context-window fallbacks (0 = unknown)
     */
    public record Deployment(String name, String provider, String model, int weight, int priority, List<String> tags,
                             int rpm, long tpm, int maxConcurrent, int contextWindow) {
        public Deployment {
            tags = List.copyOf(tags);
        }

        public Deployment(String provider, String model, int weight) {
            this(provider + "/" + model, provider, model, weight, 0, List.of(), 0, 0, 0, 0);
        }
    }

    /** A price override, USD per one million tokens. Absent prices are zero; cached and cache-write default to input. */
    public record PriceEntry(String model, double input, double cachedInput, double cacheWrite, double output) {
    }
}
