package dev.tollgate.core.routing;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Chooses the deployment of a model group for one call (weighted random) and the provider key to use
 * (round robin per provider, so traffic spreads over every key of an account). Thread-safe.
 */
public final class DeploymentPicker {

    private final Supplier<RandomGenerator> random;
    private final Map<String, AtomicInteger> keyCursor = new ConcurrentHashMap<>();

    /** @param random the random source for this thread ({@code ThreadLocalRandom::current} in production) */
    public DeploymentPicker(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    public GatewayConfig.Deployment pick(GatewayConfig.ModelGroup group) {
        List<GatewayConfig.Deployment> deployments = group.deployments();
        if (deployments.size() == 1) {
            return deployments.get(0);
        }
        int total = 0;
        for (GatewayConfig.Deployment d : deployments) {
            total += d.weight();
        }
        int ticket = random.get().nextInt(total);
        for (GatewayConfig.Deployment d : deployments) {
            ticket -= d.weight();
            if (ticket < 0) {
                return d;
            }
        }
        throw new IllegalStateException("weights changed during pick");
    }

    public Secret nextKey(ProviderSettings provider) {
        List<Secret> keys = provider.keys();
        if (keys.size() == 1) {
            return keys.get(0);
        }
        int n = keyCursor.computeIfAbsent(provider.name(), k -> new AtomicInteger()).getAndIncrement();
        return keys.get(Math.floorMod(n, keys.size()));
    }
}
