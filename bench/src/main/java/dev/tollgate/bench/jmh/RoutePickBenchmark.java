package dev.tollgate.bench.jmh;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.routing.DeploymentPicker;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Routing cost per request: DeploymentPicker.pick (weighted random) and nextKey (round robin). */
@State(Scope.Thread)
public class RoutePickBenchmark {

    private DeploymentPicker picker;
    private GatewayConfig.ModelGroup single;
    private GatewayConfig.ModelGroup weighted5;
    private ProviderSettings oneKey;
    private ProviderSettings threeKeys;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        picker = new DeploymentPicker(() -> random);
        single = new GatewayConfig.ModelGroup("gpt-4o-mini", "weighted",
                List.of(new GatewayConfig.Deployment("openai", "gpt-4o-mini-2024-07-18", 1)));
        weighted5 = new GatewayConfig.ModelGroup("gpt-4o", "weighted", List.of(
                new GatewayConfig.Deployment("openai", "gpt-4o-2024-11-20", 40),
                new GatewayConfig.Deployment("azure-eastus", "gpt-4o", 25),
                new GatewayConfig.Deployment("azure-westeurope", "gpt-4o", 20),
                new GatewayConfig.Deployment("openai-batch", "gpt-4o-2024-08-06", 10),
                new GatewayConfig.Deployment("openrouter", "openai/gpt-4o", 5)));
        oneKey = provider("openai", 1);
        threeKeys = provider("azure-eastus", 3);
    }

    private static ProviderSettings provider(String name, int keys) {
        List<Secret> secrets = java.util.stream.IntStream.range(0, keys)
                .mapToObj(i -> new Secret("sk-proj-" + name + "-" + i + "-0123456789abcdefghijklmnopqrstuvwxyz"))
                .toList();
        return new ProviderSettings(name, "openai", "https://api.openai.com/v1", secrets,
                Map.of("openai-organization", "org-bench"), Map.of(), 5_000, 60_000);
    }

    @Benchmark
    public GatewayConfig.Deployment pick1() {
        return picker.pick(single);
    }

    @Benchmark
    public GatewayConfig.Deployment pick5Weighted() {
        return picker.pick(weighted5);
    }

    @Benchmark
    public Secret nextKey1() {
        return picker.nextKey(oneKey);
    }

    @Benchmark
    public Secret nextKey3RoundRobin() {
        return picker.nextKey(threeKeys);
    }
}
