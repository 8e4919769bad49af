package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.arms.ArmLauncher;
import dev.tollgate.bench.load.LoadResult;
import dev.tollgate.bench.load.OpenLoopLoad;
import dev.tollgate.bench.profile.JfrRecording;
import dev.tollgate.bench.profile.JfrSummary;
import dev.tollgate.bench.report.Format;
import dev.tollgate.bench.report.Section;
import dev.tollgate.bench.report.Table;
import dev.tollgate.bench.run.BenchSession;
import dev.tollgate.bench.run.BenchSettings;
import dev.tollgate.bench.run.Console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the gateway's time goes: each Tollgate arm is started afresh (deeper JFR stacks, so Tollgate frames
 * under Netty's pipeline are not cut off; the measured arms keep the launcher's flags), warmed up, and
 * recorded with Java Flight Recorder while it serves small requests at the CPU scenario's rate.
 */
public final class ProfileScenario implements Scenario {

    private static final List<String> PROFILING_FLAGS = List.of("-XX:FlightRecorderOptions=stackdepth=256");

    @Override
    public String name() {
        return "profile";
    }

    @Override
    public Section run(BenchSession session) {
        BenchSettings s = session.settings();
        Section section = new Section(name(), "Where the time goes (JFR profile)",
                "Each Tollgate arm, started afresh with `" + String.join(" ", PROFILING_FLAGS) + "`, warmed up for "
                        + Format.duration(s.startupWarmup()) + " and then recorded with JFR (`settings=profile method-profiling=max`) for "
                        + Format.duration(s.profileDuration()) + " of small requests at " + Format.count(s.cpuRate())
                        + " RPS. Shares are of the JVM's execution samples (Java code on any thread; time blocked "
                        + "in epoll or in the kernel's socket calls is not sampled).");
        ArmLauncher launcher = new ArmLauncher(session.launcher().setup().withExtraTollgateFlags(PROFILING_FLAGS));
        byte[] body = RequestBodies.chat(BenchModels.SMALL, 1024, false);
        OpenLoopLoad load = new OpenLoopLoad(session.client());
        for (ArmKind kind : List.of(ArmKind.TOLLGATE_PASS_THROUGH, ArmKind.TOLLGATE_FULL)) {
            if (!s.has(kind)) {
                continue;
            }
            Console.log("profile: " + kind.id());
            try (Arm arm = launcher.start(kind)) {
                load.run(arm.target(), body, new OpenLoopLoad.Plan(s.cpuRate(), Duration.ZERO, s.startupWarmup(), s.timeout()));
                Path file = launcher.setup().workDir().resolve(kind.id() + ".jfr");
                LoadResult[] during = new LoadResult[1];
                JfrRecording.record(arm.jvmPid().orElseThrow(), session.javaHome(), file, () -> during[0] = load.run(
                        arm.target(), body, new OpenLoopLoad.Plan(s.cpuRate(), Duration.ZERO, s.profileDuration(), s.timeout())));
                JfrSummary summary = JfrSummary.of(file, s.profileDuration());
                addTables(section, kind, summary, during[0]);
                section.note(summarise(kind, summary));
            } catch (RuntimeException e) {
                section.note(kind.id() + " could not be profiled: " + e.getMessage());
                Console.log("  profiling " + kind.id() + " failed: " + e.getMessage());
            }
        }
        return section;
    }

    /** One sentence on where the arm's CPU went, for the report's closing notes. */
    static String summarise(ArmKind kind, JfrSummary summary) {
        double http = share(summary, "Netty") + share(summary, "Vert.x") + share(summary, "JDK NIO (sockets, selector)");
        double tollgate = share(summary, "Tollgate");
        JfrSummary.Share stage = summary.byTollgateFrame().stream()
                .filter(sh -> !sh.name().startsWith("(")).findFirst().orElse(null);
        return "where `" + kind.id() + "` spends its CPU: " + Format.percent(http) + " of the samples are in the HTTP "
                + "stack (Netty, Vert.x, NIO: parsing, encoding, connection pools, socket calls), "
                + Format.percent(tollgate) + " in Tollgate's own methods, the rest in the JDK and libraries"
                + (stage == null ? "" : "; the Tollgate frame most samples sit under is `" + stage.name() + "` ("
                + Format.percent(stage.percent()) + ")") + "; it allocated " + Format.decimal(summary.allocatedMiBPerSecond(), 1)
                + " MiB/s at this rate.";
    }

    private static double share(JfrSummary summary, String area) {
        return summary.byArea().stream().filter(sh -> sh.name().equals(area)).mapToDouble(JfrSummary.Share::percent).sum();
    }

    private static void addTables(Section section, ArmKind kind, JfrSummary summary, LoadResult load) {
        String arm = "`" + kind.id() + "`";
        Table areas = new Table(arm + ": CPU samples by code area (" + Format.count(summary.samples()) + " samples; "
                + Format.decimal(summary.allocatedMiBPerSecond(), 1) + " MiB/s allocated; " + summary.collections()
                + " GCs, " + Format.decimal(summary.pauseMs(), 1) + " ms paused; p50 "
                + Format.ms(load.latencyMs(50)) + " ms during the recording)", List.of("Code area", "Share"));
        summary.byArea().forEach(sh -> areas.row(sh.name(), Format.percent(sh.percent())));
        section.table(areas);
        Table stages = new Table(arm + ": CPU samples by nearest Tollgate frame (the stage the work was for)",
                List.of("Nearest Tollgate method", "Share"));
        summary.byTollgateFrame().forEach(sh -> stages.row("`" + sh.name() + "`", Format.percent(sh.percent())));
        section.table(stages);
        Table methods = new Table(arm + ": hottest methods (self time)", List.of("Method", "Share"));
        summary.topMethods().forEach(sh -> methods.row("`" + sh.name() + "`", Format.percent(sh.percent())));
        section.table(methods);
    }
}
