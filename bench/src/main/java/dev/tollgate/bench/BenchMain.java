package dev.tollgate.bench;

import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.run.BenchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./tollgate bench [scenario…]}: runs the benchmark and rewrites docs/benchmarks.md. Options left
 * out take the defaults of {@link BenchSettings#defaults()} (or of {@link BenchSettings#quick()} with
 * {@code --quick}).
 */
@Command(name = "tollgate bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmarks Tollgate side by side with a direct call, nginx and Portkey, and writes the report.",
                "Scenarios: small, stream, large, streams-memory, cpu, hedging, guardrails, cluster, profile (default: all)."})
public final class BenchMain implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "SCENARIO", description = "Scenarios to run (default: all).")
    List<String> scenarios;

    @Option(names = "--quick", description = "A short run (same steps, shorter durations, smaller stream counts).")
    boolean quick;

    @Option(names = "--arms", split = ",", paramLabel = "ARM",
            description = "Arms to run: direct, nginx, tollgate-pass-through, tollgate-full, portkey (default: all).")
    List<String> arms;

    @Option(names = "--rounds", description = "Rounds per scenario step (default 3).")
    Integer rounds;

    @Option(names = "--warmup", converter = DurationConverter.class, description = "Warm-up before each measurement (default 1s; e.g. 500ms).")
    Duration warmup;

    @Option(names = "--duration", converter = DurationConverter.class, description = "Measured time per step (default 4s).")
    Duration duration;

    @Option(names = "--rates", split = ",", description = "Fixed rates of the small scenario, RPS (default 500,1000,2000,5000).")
    List<Integer> rates;

    @Option(names = "--concurrency", description = "Requests in flight for the saturation run (default 64).")
    Integer concurrency;

    @Option(names = "--stream-rate", description = "Streams started per second in the stream scenario (default 20).")
    Double streamRate;

    @Option(names = "--large-rates", split = ",", description = "Rates for the 100 KB and 1 MB bodies (default 100,20).")
    List<Double> largeRates;

    @Option(names = "--memory-streams", split = ",", description = "Concurrent slow streams to hold (default 1000,5000,10000).")
    List<Integer> memoryStreams;

    @Option(names = "--memory-open-rate", description = "Slow streams opened per second (default 2500).")
    Double memoryOpenRate;

    @Option(names = "--peer-memory-rounds", description = "Memory rounds for nginx and Portkey (default 1).")
    Integer peerMemoryRounds;

    @Option(names = "--cpu-rate", description = "Rate of the CPU and profile runs, RPS (default 1000).")
    Double cpuRate;

    @Option(names = "--cpu-duration", converter = DurationConverter.class, description = "Length of each CPU run (default 6s).")
    Duration cpuDuration;

    @Option(names = "--profile-duration", converter = DurationConverter.class, description = "JFR recording length (default 10s).")
    Duration profileDuration;

    @Option(names = "--startup-warmup", converter = DurationConverter.class, description = "Warm-up of each arm after start, at 1,000 RPS and again at saturation (default 3s).")
    Duration startupWarmup;

    @Option(names = "--timeout", converter = DurationConverter.class, description = "Request timeout (default 5s).")
    Duration timeout;

    @Option(names = "--seed", description = "Seed of the arm-order shuffle (default: derived from the clock, printed).")
    Long seed;

    @Option(names = "--output", description = "Report file (default docs/benchmarks.md under the repository root).")
    Path output;

    @Option(names = "--repo-root", description = "The Tollgate checkout (default: the working directory).")
    Path repoRoot;

    @Option(names = "--classpath", description = "Class path for the simulator and gateway processes (default: this JVM's).")
    String classPath;

    private final String[] args;

    BenchMain(String[] args) {
        this.args = args;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain(args)).execute(args));
    }

    @Override
    public Integer call() {
        BenchSettings settings = settings();
        String cp = classPath != null ? classPath : System.getProperty("java.class.path");
        new BenchRun(settings, Path.of(System.getProperty("java.home")), cp).execute();
        return 0;
    }

    BenchSettings settings() {
        BenchSettings base = quick ? BenchSettings.quick() : BenchSettings.defaults();
        List<String> chosen = scenarios == null || scenarios.isEmpty() ? base.scenarios() : scenarios;
        for (String s : chosen) {
            if (!BenchSettings.ALL_SCENARIOS.contains(s)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario '" + s
                        + "' (known: " + String.join(", ", BenchSettings.ALL_SCENARIOS) + ")");
            }
        }
        // keep the canonical order whatever order they were named in
        List<String> ordered = BenchSettings.ALL_SCENARIOS.stream().filter(chosen::contains).toList();
        List<ArmKind> armKinds = arms == null ? base.arms()
                : Arrays.stream(ArmKind.values()).filter(k -> arms.stream().map(ArmKind::byId).toList().contains(k)).toList();
        Path root = (repoRoot != null ? repoRoot : Path.of("")).toAbsolutePath().normalize();
        return new BenchSettings(ordered, armKinds, or(rounds, base.rounds()), or(warmup, base.warmup()),
                or(duration, base.duration()), or(rates, base.rates()), or(concurrency, base.concurrency()),
                or(streamRate, base.streamRate()), or(largeRates, base.largeRates()),
                or(memoryStreams, base.memoryStreams()).stream().sorted().toList(),
                or(peerMemoryRounds, base.peerMemoryRounds()), or(memoryOpenRate, base.memoryOpenRate()),
                or(cpuRate, base.cpuRate()), or(cpuDuration, base.cpuDuration()),
                or(profileDuration, base.profileDuration()), or(startupWarmup, base.startupWarmup()),
                or(timeout, base.timeout()), or(seed, base.seed()), or(output, base.output()), root,
                ("./tollgate bench " + String.join(" ", args)).trim());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** Durations as {@code 500ms}, {@code 5s}, {@code 2m} or ISO-8601 ({@code PT5S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase();
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
            }
            return Duration.parse(value.trim().toUpperCase());
        }
    }
}
