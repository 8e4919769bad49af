package dev.tollgate.core.routing;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.spi.Ticker;
import dev.tollgate.spi.provider.ProviderSettings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health of every deployment and provider key this process has called, kept across configuration
 * reloads (by group and deployment name; by provider name and key position). In-process; a deployment whose
 * breaker settings change starts afresh. Thread-safe.
 */
public final class RoutingState {

    private final Ticker ticker;
    private final Map<Id, DeploymentHealth> deployments = new ConcurrentHashMap<>();
    private final Map<Id, KeyHealth> keys = new ConcurrentHashMap<>();
    private final Map<String, HedgeBudget> hedgeBudgets = new ConcurrentHashMap<>();

    /** A two-part name (group + deployment, provider + key position), hashed without building a string. */
    private record Id(String owner, Object member) {
    }

    public RoutingState(Ticker ticker) {
        this.ticker = ticker;
    }

    /** @param keys how many keys its provider has (a change of that, like a change of breaker settings, starts afresh) */
    public DeploymentHealth deployment(GatewayConfig.ModelGroup group, GatewayConfig.Deployment deployment, int keys) {
        Id id = new Id(group.name(), deployment.name());
        RoutingPolicy.Breaker policy = group.policy().breaker();
        DeploymentHealth health = deployments.get(id);
        if (health == null || !health.policy.equals(policy) || health.keys() != keys) {
            health = new DeploymentHealth(policy, ticker, keys);
            deployments.put(id, health);
        }
        return health;
    }

    HedgeBudget hedgeBudget(GatewayConfig.ModelGroup group) {
        return hedgeBudgets.computeIfAbsent(group.name(), g -> new HedgeBudget(ticker));
    }

    public KeyHealth key(ProviderSettings provider, int index) {
        return keys.computeIfAbsent(new Id(provider.name(), index), k -> new KeyHealth(ticker));
    }

    /** One deployment's health, as the admin API and metrics show it. */
    public record Entry(String model, String deployment, DeploymentHealth health) {
    }

    /** Every deployment routed to so far, by model group then deployment name. */
    public java.util.List<Entry> snapshot() {
        return deployments.entrySet().stream()
                .map(e -> new Entry(e.getKey().owner(), (String) e.getKey().member(), e.getValue()))
                .sorted(java.util.Comparator.comparing(Entry::model).thenComparing(Entry::deployment))
                .toList();
    }
}
