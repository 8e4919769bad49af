package dev.tollgate.bench;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.arms.ArmLauncher;
import dev.tollgate.bench.arms.ArmSetup;
import dev.tollgate.bench.arms.ClassPathSnapshot;
import dev.tollgate.bench.arms.JdkInfo;
import dev.tollgate.bench.arms.JvmFlags;
import dev.tollgate.bench.arms.SimulatorProcess;
import dev.tollgate.bench.load.LoadClient;
import dev.tollgate.bench.load.LoadResult;
import dev.tollgate.bench.load.OpenLoopLoad;
import dev.tollgate.bench.load.Saturation;
import dev.tollgate.bench.report.Format;
import dev.tollgate.bench.report.MachineInfo;
import dev.tollgate.bench.report.MarkdownReport;
import dev.tollgate.bench.report.RunInfo;
import dev.tollgate.bench.report.Section;
import dev.tollgate.bench.run.BenchSession;
import dev.tollgate.bench.run.BenchSettings;
import dev.tollgate.bench.run.Console;
import dev.tollgate.bench.run.ForeignLoad;
import dev.tollgate.bench.run.StallDiagnostics;
import dev.tollgate.bench.scenarios.BenchModels;
import dev.tollgate.bench.scenarios.RequestBodies;
import dev.tollgate.bench.scenarios.Scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * One benchmark run from start to report: starts the simulator and the arms, warms every arm up, runs the
 * chosen scenarios, writes the report, and stops every process it started whatever happens.
 */
public final class BenchRun {

    private static final String UPSTREAM_KEY = "sim-bench-key";

    private final BenchSettings settings;
    private final Path javaHome;
    private final String classPath;

    public BenchRun(BenchSettings settings, Path javaHome, String classPath) {
        this.settings = settings;
        this.javaHome = javaHome;
        this.classPath = classPath;
    }

    /** Runs everything and returns the report's path. */
    public Path execute() {
        ZonedDateTime startedAt = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        Console.log("seed " + settings.seed() + ", scenarios " + settings.scenarios() + ", arms "
                + settings.arms().stream().map(ArmKind::id).toList());
        Path workDir = createWorkDir();
        List<String> tollgateFlags = JvmFlags.tollgate(System.getenv("TOLLGATE_JAVA_OPTS"));
        String armClassPath = ClassPathSnapshot.copy(classPath, settings.repoRoot(), workDir.resolve("classpath"));
        Map<ArmKind, Arm> arms = new EnumMap<>(ArmKind.class);
        List<String> runNotes = new ArrayList<>();
        Map<String, String> versions = new LinkedHashMap<>();
        try (ForeignLoad foreign = ForeignLoad.watch();
             SimulatorProcess simulator = SimulatorProcess.start(javaHome, armClassPath, tollgateFlags, workDir);
             LoadClient client = LoadClient.start(2)) {
            ArmSetup setup = new ArmSetup(javaHome, armClassPath, settings.repoRoot(), workDir, simulator.baseUrl(),
                    UPSTREAM_KEY, BenchModels.all(), tollgateFlags, cacheDir());
            ArmLauncher launcher = new ArmLauncher(setup);
            startArms(launcher, arms, versions, runNotes);
            BenchSession session = new BenchSession(settings, arms, launcher, client, simulator);
            warmUp(client, arms.values(), session);
            List<Section> sections = new ArrayList<>();
            for (String name : settings.scenarios()) {
                Console.log("scenario " + name);
                try {
                    sections.add(Scenarios.byName(name).run(session));
                } catch (RuntimeException e) {
                    runNotes.add("Scenario `" + name + "` failed: " + e.getMessage());
                    Console.log("scenario " + name + " failed: " + e);
                }
            }
            runNotes.addAll(session.notes());
            if (foreign.averageCores() > 0.1) {
                runNotes.add(0, "Other processes on this machine (not the benchmark's) used "
                        + Format.decimal(foreign.averageCores(), 2) + " cores on average during the run (busiest second: "
                        + Format.decimal(foreign.busiestSecondCores(), 2) + " cores). On 2 cores that is noise every "
                        + "arm shared, but it inflates tails and lowers saturation figures.");
            }
            RunInfo info = new RunInfo(settings.command(), startedAt, Duration.ofNanos(System.nanoTime() - t0),
                    MachineInfo.current(), JdkInfo.describe(javaHome), loadGeneratorDescription(client),
                    tollgateFlags, versions, descriptions(), settingsSummary(foreign));
            return write(MarkdownReport.render(info, sections, runNotes));
        } finally {
            arms.values().forEach(Arm::close);
            deleteQuietly(workDir);
        }
    }

    /** Starts the arms side by side (each waits for its own process), keeping report order. */
    private void startArms(ArmLauncher launcher, Map<ArmKind, Arm> arms, Map<String, String> versions, List<String> notes) {
        Map<ArmKind, CompletableFuture<Arm>> starting = new EnumMap<>(ArmKind.class);
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ArmKind kind : settings.arms()) {
                Console.log("starting " + kind.id());
                starting.put(kind, CompletableFuture.supplyAsync(() -> launcher.start(kind), starters));
            }
        }
        starting.forEach((kind, future) -> {
            try {
                Arm arm = future.join();
                arms.put(kind, arm);
                versions.put(kind.id(), arm.version());
            } catch (CompletionException e) {
                String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
                versions.put(kind.id(), "not run: could not start");
                notes.add("Arm `" + kind.id() + "` could not start and was left out: " + reason);
                Console.log(kind.id() + " could not start: " + reason);
            }
        });
    }

    /** Load before any measurement: JIT compilation, connection pools and lazy initialisation of every arm. */
    private void warmUp(LoadClient client, Iterable<Arm> arms, BenchSession session) {
        byte[] body = RequestBodies.chat(BenchModels.SMALL, 1024, false);
        OpenLoopLoad load = new OpenLoopLoad(client);
        for (Arm arm : arms) {
            LoadResult r = load.run(arm.target(), body, new OpenLoopLoad.Plan(1000, Duration.ZERO,
                    settings.startupWarmup(), settings.timeout()));
            Saturation.Result saturated = new Saturation(client).run(arm.target(), body, new Saturation.Plan(
                    settings.concurrency(), Duration.ZERO, settings.startupWarmup(), settings.timeout()));
            Console.log("warmed up " + arm.kind().id() + ": " + (r.ok() + saturated.ok()) + " ok, "
                    + (r.errors() + saturated.errors()) + " errors, " + (r.timeouts() + saturated.timeouts()) + " timeouts");
            Path dump = StallDiagnostics.captureIfStalled(session, arm, r.timeouts(), r.ok() + r.errors() + r.timeouts());
            if (dump != null) {
                session.note("Arm `" + arm.kind().id() + "` stalled during its warm-up (" + r.timeouts() + " of "
                        + (r.ok() + r.errors() + r.timeouts()) + " requests timed out); its threads are in `"
                        + settings.repoRoot().relativize(dump) + "`.");
            }
        }
    }

    private String loadGeneratorDescription(LoadClient client) {
        return "this JVM (" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
                + "), Vert.x HTTP/1.1 client with keep-alive pools, " + client.laneCount() + " event loops, "
                + "open-loop pacing on a dedicated thread";
    }

    private Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        for (ArmKind k : ArmKind.values()) {
            d.put(k.id(), k.description());
        }
        return d;
    }

    private List<String> settingsSummary(ForeignLoad foreign) {
        return List.of("Rounds per step: " + settings.rounds() + "; warm-up " + Format.duration(settings.warmup())
                        + " and " + Format.duration(settings.duration()) + " measured per step; arm order shuffled "
                        + "per round with seed " + settings.seed() + " (pass `--seed " + settings.seed()
                        + "` to repeat it)",
                "Warm-up of each arm after start: " + Format.duration(settings.startupWarmup()) + " at 1,000 RPS, then "
                        + Format.duration(settings.startupWarmup()) + " at saturation; request timeout "
                        + Format.duration(settings.timeout()),
                "CPU used by other processes on the machine during the run (approximate, from `/proc/stat`): " + Format.decimal(foreign.averageCores(), 2)
                        + " cores on average, " + Format.decimal(foreign.busiestSecondCores(), 2) + " in the busiest second");
    }

    private Path write(String markdown) {
        Path out = settings.output().isAbsolute() ? settings.output() : settings.repoRoot().resolve(settings.output());
        try {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out, e);
        }
        Console.log("report written to " + out);
        return out;
    }

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("tollgate-bench");
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("tollgate-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover scratch directory in /tmp is harmless
        }
    }
}
