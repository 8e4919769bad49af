package dev.tollgate.bench.jmh;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.Strategy;
import dev.tollgate.core.metering.PriceTable;
import dev.tollgate.core.routing.Route;
import dev.tollgate.core.routing.Router;
import dev.tollgate.core.routing.RoutingState;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.Ticker;
import dev.tollgate.spi.provider.ProviderSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Routing cost per attempt: Router.choose (health filter, strategy, breaker permit, key rotation) and the
 * report that frees the slot, for one deployment and for five weighted ones under p2c.
 */
@State(Scope.Thread)
public class RoutePickBenchmark {

    private Router router;
    private GatewayConfig.ModelGroup single;
    private GatewayConfig.ModelGroup weighted5;
    private Map<String, ProviderSettings> providers;
    private final PriceTable prices = PriceTable.withOverrides(List.of());

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        router = new Router(new RoutingState(Ticker.system()), () -> random);
        single = GatewayConfig.ModelGroup.of("gpt-4o-mini", Strategy.P2C,
                List.of(new GatewayConfig.Deployment("openai", "gpt-4o-mini-2024-07-18", 1)));
        weighted5 = GatewayConfig.ModelGroup.of("gpt-4o", Strategy.P2C, List.of(
                new GatewayConfig.Deployment("openai", "gpt-4o-2024-11-20", 40),
                new GatewayConfig.Deployment("azure-eastus", "gpt-4o", 25),
                new GatewayConfig.Deployment("azure-westeurope", "gpt-4o", 20),
                new GatewayConfig.Deployment("openai-batch", "gpt-4o-2024-08-06", 10),
                new GatewayConfig.Deployment("openrouter", "openai/gpt-4o", 5)));
        providers = new LinkedHashMap<>();
        for (String name : List.of("openai", "azure-eastus", "azure-westeurope", "openai-batch", "openrouter")) {
            providers.put(name, provider(name, name.startsWith("azure") ? 3 : 1));
        }
    }

    private static ProviderSettings provider(String name, int keys) {
        List<Secret> secrets = java.util.stream.IntStream.range(0, keys)
                .mapToObj(i -> new Secret("sk-proj-" + name + "-" + i + "-0123456789abcdefghijklmnopqrstuvwxyz"))
                .toList();
        return new ProviderSettings(name, "openai", "https://api.openai.com/v1", secrets,
                Map.of("openai-organization", "org-bench"), Map.of(), 5_000, 60_000);
    }

    @Benchmark
    public Route choose1() {
        Route route = router.choose(single, List.of(), List.of(), providers, prices, false);
        route.succeeded(1_000_000);
        return route;
    }

    @Benchmark
    public Route choose5P2c() {
        Route route = router.choose(weighted5, List.of(), List.of(), providers, prices, false);
        route.succeeded(1_000_000);
        return route;
    }
}
