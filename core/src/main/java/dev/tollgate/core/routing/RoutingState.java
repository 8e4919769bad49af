package dev.tollgate.core.routing;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.spi.Ticker;
import dev.tollgate.spi.provider.ProviderSettings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The health of every deployment and provider key this process has called, kept across configuration
 * reloads (by group and deployment name; by provider name and key position). In-process; a deployment whose
 * breaker settings change starts afresh. Thread-safe.
 */
public final class RoutingState {

    private final Ticker ticker;
    private volatile Consumer<Entry> onNewDeployment = entry -> { };
    private final Map<Id, DeploymentHealth> deployments = new ConcurrentHashMap<>();
    private final Map<Id, KeyHealth> keys = new ConcurrentHashMap<>();
    private final Map<String, HedgeBudget> hedgeBudgets = new ConcurrentHashMap<>();

    /** A two-part name (group + deployment, provider + key position), hashed without building a string. */
    private record Id(String owner, Object member) {
    }

    public RoutingState(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Who is told, once per deployment, that it was first routed to (metrics register its gauges). */
    public void onNewDeployment(Consumer<Entry> listener) {
        this.onNewDeployment = listener;
    }

    /** The current health of a deployment by names, or null if never routed to. */
    public DeploymentHealth find(String model, String deployment) {
        return deployments.get(new Id(model, deployment));
    }

    /** @param keys how many keys its provider has (a change of that, like a change of breaker settings, starts afresh) */
    public DeploymentHealth deployment(GatewayConfig.ModelGroup group, GatewayConfig.Deployment deployment, int keys) {
        Id id = new Id(group.name(), deployment.name());
        RoutingPolicy.Breaker policy = group.policy().breaker();
        DeploymentHealth health = deployments.get(id);
        if (health == null || !health.policy.equals(policy) || health.keys() != keys) {
            DeploymentHealth fresh = new DeploymentHealth(policy, ticker, keys);
            if (deployments.put(id, fresh) == null) {
                onNewDeployment.accept(new Entry(group.name(), deployment.name(), fresh));
            }
            health = fresh;
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
