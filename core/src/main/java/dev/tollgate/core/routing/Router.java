package dev.tollgate.core.routing;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.metering.PriceTable;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Chooses, for one attempt of a call, a deployment of a model group and a key of its provider. Only
 * deployments that can take the call now are considered: breaker not open, under their {@code rpm} and
 * {@code max_concurrent} caps, carrying every tag the request asked for, and with a usable key. Among
 * those the group's {@link dev.tollgate.core.config.Strategy} decides; keys rotate round robin, skipping
 * cooling and quarantined ones. Thread-safe.
 */
public final class Router {

    private final RoutingState state;
    private final Supplier<RandomGenerator> random;
    private final Map<String, AtomicInteger> keyCursor = new ConcurrentHashMap<>();

    /** @param random the random source for this thread ({@code ThreadLocalRandom::current} in production) */
    public Router(RoutingState state, Supplier<RandomGenerator> random) {
        this.state = state;
        this.random = random;
    }

    /**
     * @param exclude deployment names not to choose (already tried by this call)
     * @param tags    tags every chosen deployment must carry
     * @return the route, holding its slot until reported, or null when no deployment can take the call now
     */
    public Route choose(GatewayConfig.ModelGroup group, Collection<String> exclude, List<String> tags,
                        Map<String, ProviderSettings> providers, PriceTable prices, boolean stream) {
        if (group.deployments().size() == 1) {
            return chooseOnly(group, group.deployments().get(0), exclude, tags, providers);
        }
        List<Candidate> candidates = new ArrayList<>(group.deployments().size());
        for (GatewayConfig.Deployment d : group.deployments()) {
            ProviderSettings provider = providers.get(d.provider());
            if (provider == null || exclude.contains(d.name()) || !d.tags().containsAll(tags)) {
                continue;
            }
            DeploymentHealth health = state.deployment(group, d, provider.keys().size());
            if (!health.breaker().isAvailable() || !underCaps(d, health) || !hasUsableKey(provider, health)) {
                continue;
            }
            candidates.add(new Candidate(d, health, group.strategy() == dev.tollgate.core.config.Strategy.CHEAPEST
                    ? prices.priceOf(d.model(), d.provider(), d.name(), Instant.now()).listNanoUsdPerMillion() : 0));
        }
        while (!candidates.isEmpty()) {
            Candidate chosen = Strategies.select(group.strategy(), candidates, random.get(), stream);
            CircuitBreaker.Permit permit = chosen.health().breaker().tryAcquire();
            ProviderSettings provider = providers.get(chosen.deployment().provider());
            int keyIndex = permit == CircuitBreaker.Permit.DENIED ? -1 : nextUsableKey(provider, chosen.health());
            if (keyIndex >= 0) {
                return new Route(chosen.deployment(), provider, keyIndex, chosen.health(), state.key(provider, keyIndex),
                        permit);
            }
            chosen.health().breaker().release(permit);
            candidates.remove(chosen); // lost a race for the last probe or key; try the others
        }
        return null;
    }

    /** The common case of a group with one deployment: the same checks, without a candidate list. */
    private Route chooseOnly(GatewayConfig.ModelGroup group, GatewayConfig.Deployment d, Collection<String> exclude,
                             List<String> tags, Map<String, ProviderSettings> providers) {
        ProviderSettings provider = providers.get(d.provider());
        if (provider == null || exclude.contains(d.name()) || !d.tags().containsAll(tags)) {
            return null;
        }
        DeploymentHealth health = state.deployment(group, d, provider.keys().size());
        if (!health.breaker().isAvailable() || !underCaps(d, health)) {
            return null;
        }
        CircuitBreaker.Permit permit = health.breaker().tryAcquire();
        int keyIndex = permit == CircuitBreaker.Permit.DENIED ? -1 : nextUsableKey(provider, health);
        if (keyIndex < 0) {
            health.breaker().release(permit);
            return null;
        }
        return new Route(d, provider, keyIndex, health, state.key(provider, keyIndex), permit);
    }

    /**
     * How long until some deployment of the group (with those tags) may take a call again, judging by
     * breakers and key cooldowns; 0 if one may now, {@code Long.MAX_VALUE} if none ever will (no deployment
     * carries the tags).
     */
    public long nanosUntilAvailable(GatewayConfig.ModelGroup group, List<String> tags,
                                    Map<String, ProviderSettings> providers) {
        long best = Long.MAX_VALUE;
        for (GatewayConfig.Deployment d : group.deployments()) {
            ProviderSettings provider = providers.get(d.provider());
            if (provider == null || !d.tags().containsAll(tags)) {
                continue;
            }
            DeploymentHealth health = state.deployment(group, d, provider.keys().size());
            long keyWait = Long.MAX_VALUE;
            for (int i = 0; i < provider.keys().size(); i++) {
                keyWait = Math.min(keyWait, Math.max(state.key(provider, i).nanosUntilUsable(), health.keyRestNanos(i)));
            }
            best = Math.min(best, Math.max(keyWait, health.breaker().nanosUntilAvailable()));
        }
        return best;
    }

    /**
     * Whether the group is full rather than broken: some deployment carrying the tags is healthy and has a
     * usable key but is at its {@code rpm}, {@code tpm} or {@code max_concurrent} cap. Such a call may wait in
     * the capacity queue.
     */
    public boolean atCapacity(GatewayConfig.ModelGroup group, List<String> tags, Map<String, ProviderSettings> providers) {
        for (GatewayConfig.Deployment d : group.deployments()) {
            ProviderSettings provider = providers.get(d.provider());
            if (provider == null || !d.tags().containsAll(tags)
                    || d.maxConcurrent() == 0 && d.rpm() == 0 && d.tpm() == 0) {
                continue;
            }
            DeploymentHealth health = state.deployment(group, d, provider.keys().size());
            if (health.breaker().isAvailable() && hasUsableKey(provider, health) && !underCaps(d, health)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How long until a capped deployment's rolling window lets another call through; {@code Long.MAX_VALUE}
     * when only concurrency caps hold the group (those free when a call ends, not with time).
     */
    public long nanosUntilWindowRolls(GatewayConfig.ModelGroup group, List<String> tags,
                                      Map<String, ProviderSettings> providers) {
        long best = Long.MAX_VALUE;
        for (GatewayConfig.Deployment d : group.deployments()) {
            ProviderSettings provider = providers.get(d.provider());
            if (provider == null || !d.tags().containsAll(tags) || d.rpm() == 0 && d.tpm() == 0) {
                continue;
            }
            best = Math.min(best, state.deployment(group, d, provider.keys().size()).nanosUntilWindowRolls());
        }
        return best;
    }

    /** Counts a call of a group that hedges, for its hedge budget. */
    public void countCall(GatewayConfig.ModelGroup group) {
        state.hedgeBudget(group).countCall();
    }

    /** Whether the group may hedge one more call now ({@code hedge.max_percent} of its calls in the last minute). */
    public boolean allowHedge(GatewayConfig.ModelGroup group) {
        return state.hedgeBudget(group).tryHedge(group.policy().hedge().maxPercent());
    }

    private static boolean underCaps(GatewayConfig.Deployment d, DeploymentHealth health) {
        return (d.maxConcurrent() == 0 || health.inFlight() < d.maxConcurrent())
                && (d.rpm() == 0 || health.requestsLastMinute() < d.rpm())
                && (d.tpm() == 0 || health.tokensLastMinute() < d.tpm());
    }

    private boolean usable(ProviderSettings provider, int keyIndex, DeploymentHealth health) {
        return health.keyRestNanos(keyIndex) == 0 && state.key(provider, keyIndex).isUsable();
    }

    private boolean hasUsableKey(ProviderSettings provider, DeploymentHealth health) {
        for (int i = 0; i < provider.keys().size(); i++) {
            if (usable(provider, i, health)) {
                return true;
            }
        }
        return false;
    }

    private int nextUsableKey(ProviderSettings provider, DeploymentHealth health) {
        List<Secret> keys = provider.keys();
        if (keys.size() == 1) {
            return usable(provider, 0, health) ? 0 : -1;
        }
        int start = keyCursor.computeIfAbsent(provider.name(), k -> new AtomicInteger()).getAndIncrement();
        for (int i = 0; i < keys.size(); i++) {
            int index = Math.floorMod(start + i, keys.size());
            if (usable(provider, index, health)) {
                return index;
            }
        }
        return -1;
    }

}
