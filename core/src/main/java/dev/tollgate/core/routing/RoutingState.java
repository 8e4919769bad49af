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
    private volatile BreakerOpened onBreakerOpened = (model, deployment, forNanos) -> { };
    // Looked up on every attempt: nested maps and arrays, so a lookup allocates nothing.
    private final Map<String, Map<String, DeploymentHealth>> deployments = new ConcurrentHashMap<>();
    private final Map<String, KeyHealth[]> keys = new ConcurrentHashMap<>();
    private final Map<String, HedgeBudget> hedgeBudgets = new ConcurrentHashMap<>();

    public RoutingState(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Who is told, once per deployment, that it was first routed to (metrics register its gauges). */
    public void onNewDeployment(Consumer<Entry> listener) {
        this.onNewDeployment = listener;
    }

    /** Hears a deployment's breaker open on this node's own verdict. */
    @FunctionalInterface
    public interface BreakerOpened {
        void opened(String model, String deployment, long forNanos);
    }

    /**
     * Who is told when a breaker opens on this node's verdict (a cluster publishes it); set before traffic, it
     * applies to the deployments created from then on. Must not block: it runs on the event loop that reported.
     */
    public void onBreakerOpened(BreakerOpened listener) {
        this.onBreakerOpened = listener;
    }

    /**
     * Another node's breaker for this deployment opened: see {@link CircuitBreaker#openedElsewhere}. A deployment
     * this node has not routed to yet is ignored (it has nothing to protect here until its first call).
     */
    public void breakerOpenedElsewhere(String model, String deployment, long forNanos) {
        DeploymentHealth health = find(model, deployment);
        if (health != null) {
            health.breaker().openedElsewhere(forNanos);
        }
    }

    /** The current health of a deployment by names, or null if never routed to. */
    public DeploymentHealth find(String model, String deployment) {
        Map<String, DeploymentHealth> group = deployments.get(model);
        return group == null ? null : group.get(deployment);
    }

    /** @param keys how many keys its provider has (a change of that, like a change of breaker settings, starts afresh) */
    public DeploymentHealth deployment(GatewayConfig.ModelGroup group, GatewayConfig.Deployment deployment, int keys) {
        Map<String, DeploymentHealth> byName = deployments.get(group.name());
        if (byName == null) {
            byName = deployments.computeIfAbsent(group.name(), g -> new ConcurrentHashMap<>());
        }
        RoutingPolicy.Breaker policy = group.policy().breaker();
        DeploymentHealth health = byName.get(deployment.name());
        if (health == null || (health.policy != policy && !health.policy.equals(policy)) || health.keys() != keys) {
            DeploymentHealth fresh = new DeploymentHealth(policy, ticker, keys);
            String model = group.name();
            String name = deployment.name();
            fresh.breaker().onOpened(forNanos -> onBreakerOpened.opened(model, name, forNanos));
            if (byName.put(deployment.name(), fresh) == null) {
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
        KeyHealth[] known = keys.get(provider.name());
        if (known == null || known.length != provider.keys().size()) {
            known = keys.compute(provider.name(), (name, old) -> resized(old, provider.keys().size()));
        }
        return known[index];
    }

    /** Keeps the state of the keys still there (by position) when a reload changes how many there are. */
    private KeyHealth[] resized(KeyHealth[] old, int size) {
        if (old != null && old.length == size) {
            return old;
        }
        KeyHealth[] out = new KeyHealth[size];
        for (int i = 0; i < size; i++) {
            out[i] = old != null && i < old.length ? old[i] : new KeyHealth(ticker);
        }
        return out;
    }

    /** One deployment's health, as the admin API and metrics show it. */
    public record Entry(String model, String deployment, DeploymentHealth health) {
    }

    /** Every deployment routed to so far, by model group then deployment name. */
    public java.util.List<Entry> snapshot() {
        return deployments.entrySet().stream()
                .flatMap(g -> g.getValue().entrySet().stream().map(d -> new Entry(g.getKey(), d.getKey(), d.getValue())))
                .sorted(java.util.Comparator.comparing(Entry::model).thenComparing(Entry::deployment))
                .toList();
    }
}
