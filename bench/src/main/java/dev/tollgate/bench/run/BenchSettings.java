package dev.tollgate.bench.run;

import dev.tollgate.bench.arms.ArmKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every knob of a run. {@link #defaults()} is sized so that all scenarios and arms finish in about twenty
 * minutes on the project's 2-core machines; {@link #quick()} is a few minutes, for trying changes.
 *
 * @param rates            fixed arrival rates of the small-request scenario (requests per second)
 * @param concurrency      in-flight requests of the saturation run
 * @param streamRate       stream starts per second in the streaming scenario
 * @param largeRates       arrival rate for the 100 KB and the 1 MB bodies
 * @param memoryStreams    concurrent slow streams held in the memory scenario, ascending
 * @param peerMemoryRounds rounds of the memory scenario for nginx and Portkey (their RSS is a side note)
 * @param cpuRate          arrival rate of the CPU run
 * @param cpuDuration      length of the CPU run (longer than the others: CPU ticks are 10 ms)
 * @param startupWarmup    load sent to each arm once at start, for the JIT and connection pools
 */
public record BenchSettings(List<String> scenarios, List<ArmKind> arms, int rounds, Duration warmup,
                            Duration duration, List<Integer> rates, int concurrency, double streamRate,
                            List<Double> largeRates, List<Integer> memoryStreams, int peerMemoryRounds,
                            double memoryOpenRate, double cpuRate, Duration cpuDuration, Duration profileDuration,
                            Duration startupWarmup, Duration timeout, long seed, Path output, Path repoRoot,
                            String command) {

    public static final List<String> ALL_SCENARIOS = List.of("small", "stream", "large", "streams-memory", "cpu", "hedging", "guardrails", "cluster", "profile");

    public BenchSettings {
        scenarios = List.copyOf(scenarios);
        arms = List.copyOf(arms);
        rates = List.copyOf(rates);
        largeRates = List.copyOf(largeRates);
        memoryStreams = List.copyOf(memoryStreams);
    }

    public static BenchSettings defaults() {
        return new BenchSettings(ALL_SCENARIOS, List.of(ArmKind.values()), 3, Duration.ofSeconds(1),
                Duration.ofSeconds(4), List.of(500, 1000, 2000, 5000), 64, 20, List.of(100.0, 20.0),
                List.of(1000, 5000, 10000), 1, 2500, 1000, Duration.ofSeconds(6), Duration.ofSeconds(10),
                Duration.ofSeconds(3), Duration.ofSeconds(5), System.currentTimeMillis() % 100_000,
                Path.of("docs/benchmarks.md"), Path.of(""), "./tollgate bench");
    }

    /** Same steps, shorter: minutes instead of twenty. */
    public static BenchSettings quick() {
        BenchSettings d = defaults();
        return new BenchSettings(d.scenarios, d.arms, 3, Duration.ofMillis(500), Duration.ofSeconds(2), d.rates,
                d.concurrency, d.streamRate, d.largeRates, List.of(500, 1000, 2000), 1, d.memoryOpenRate,
                d.cpuRate, Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(2), d.timeout,
                d.seed, d.output, d.repoRoot, d.command);
    }

    public boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    public boolean has(ArmKind arm) {
        return arms.contains(arm);
    }
}
