package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.load.LoadResult;
import dev.tollgate.bench.load.OpenLoopLoad;
import dev.tollgate.bench.load.ProcessStats;
import dev.tollgate.bench.report.Format;
import dev.tollgate.bench.report.Section;
import dev.tollgate.bench.report.Table;
import dev.tollgate.bench.report.TargetCheck;
import dev.tollgate.bench.run.BenchSession;
import dev.tollgate.bench.run.BenchSettings;
import dev.tollgate.bench.run.Console;
import dev.tollgate.bench.run.Measurements;
import dev.tollgate.bench.run.Quiet;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario (e): CPU seconds each arm's own processes spend per 1,000 small requests, from /proc deltas
 * around a fixed-rate run (after a short unmeasured warm-up run), with the simulator's and the load generator's
 * CPU beside it (every arm shares them).
 */
public final class CpuScenario implements Scenario {

    private static final String ARM_CPU = "arm_cpu_s_per_1k";
    private static final String ALL_CPU = "all_processes_cpu_s_per_1k";
    private static final String ACHIEVED = "achieved_rps";
    private static final String SIMULATOR_CPU = "simulator_cpu_s_per_1k";
    private static final String GENERATOR_CPU = "generator_cpu_s_per_1k";

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Section run(BenchSession session) {
        BenchSettings s = session.settings();
        Section section = new Section(name(), "CPU per 1,000 requests",
                "Small requests (as in `small`) at " + Format.count(s.cpuRate()) + " RPS for "
                        + Format.duration(s.cpuDuration()) + " per arm and round, after an unmeasured run of " + Format.duration(s.warmup()) + ". CPU is user + "
                        + "system time of the arm's processes from `/proc/<pid>/stat` (nginx: master and workers); "
                        + "the direct arm has no process of its own. \"All three\" adds the simulator's and the "
                        + "load generator's CPU, read the same way. (The machine-wide counters of `/proc/stat` proved "
                        + "erratic over seconds-long windows on this VM, so they are not used here.)");
        byte[] body = RequestBodies.chat(BenchModels.SMALL, 1024, false);
        OpenLoopLoad load = new OpenLoopLoad(session.client());
        Measurements m = new Measurements();
        session.rounds().run("cpu", s.rounds(), session.arms(), (round, arm) -> {
            Quiet.awaitOwnProcesses();
            load.run(arm.target(), body, new OpenLoopLoad.Plan(s.cpuRate(), Duration.ZERO, s.warmup(), s.timeout()));
            List<Long> pids = arm.pids();
            double armBefore = ProcessStats.cpuSeconds(pids);
            double simulatorBefore = ProcessStats.cpuSeconds(session.simulatorPid());
            double generatorBefore = ProcessStats.cpuSeconds(ProcessHandle.current().pid());
            LoadResult r = load.run(arm.target(), body, new OpenLoopLoad.Plan(s.cpuRate(), Duration.ZERO, s.cpuDuration(), s.timeout()));
            double armCpu = ProcessStats.cpuSeconds(pids) - armBefore;
            double simulatorCpu = ProcessStats.cpuSeconds(session.simulatorPid()) - simulatorBefore;
            double generatorCpu = ProcessStats.cpuSeconds(ProcessHandle.current().pid()) - generatorBefore;
            double thousands = (r.ok() + r.errors()) / 1000.0;
            Map<String, Double> f = new LinkedHashMap<>();
            f.put(ARM_CPU, arm.kind() == ArmKind.DIRECT || thousands == 0 ? Double.NaN : armCpu / thousands);
            f.put(ALL_CPU, thousands == 0 ? Double.NaN : (armCpu + simulatorCpu + generatorCpu) / thousands);
            f.put(SIMULATOR_CPU, thousands == 0 ? Double.NaN : simulatorCpu / thousands);
            f.put(GENERATOR_CPU, thousands == 0 ? Double.NaN : generatorCpu / thousands);
            f.put(ACHIEVED, r.achievedRate());
            m.add(arm.kind(), f);
            LatencyFigures.noteProblems(session, section, "cpu", arm, round, r);
            Console.log("  " + arm.kind().id() + ": " + Format.decimal(f.get(ARM_CPU), 3) + " CPU s per 1k requests (with "
                    + "simulator and load generator " + Format.decimal(f.get(ALL_CPU), 3) + ")");
        });
        List<ArmKind> kinds = session.arms().stream().map(Arm::kind).toList();
        section.table(headline(m, kinds));
        section.rounds(allRounds(m, kinds));
        double full = m.median(ArmKind.TOLLGATE_FULL, ARM_CPU);
        double pass = m.median(ArmKind.TOLLGATE_PASS_THROUGH, ARM_CPU);
        boolean measured = !Double.isNaN(full) && !Double.isNaN(pass);
        section.target(new TargetCheck("Full pipeline ≤ 1.3× the CPU of pass-through per request",
                measured ? Format.ratio(full / pass) + " (" + Format.decimal(full, 3) + " vs " + Format.decimal(pass, 3)
                        + " CPU s per 1k)" : "not measured", measured ? full / pass <= 1.3 : null));
        return section;
    }

    private static Table headline(Measurements m, List<ArmKind> kinds) {
        Table t = new Table("CPU seconds per 1,000 requests (median of rounds)", List.of("Arm", "Arm CPU s / 1k",
                "× pass-through", "× nginx", "Simulator CPU s / 1k", "Load generator CPU s / 1k", "All three CPU s / 1k",
                "Achieved RPS"));
        double pass = m.median(ArmKind.TOLLGATE_PASS_THROUGH, ARM_CPU);
        double nginx = m.median(ArmKind.NGINX, ARM_CPU);
        for (ArmKind arm : kinds) {
            double cpu = m.median(arm, ARM_CPU);
            t.row("`" + arm.id() + "`", Format.decimal(cpu, 3), Format.ratio(cpu / pass), Format.ratio(cpu / nginx),
                    Format.decimal(m.median(arm, SIMULATOR_CPU), 3), Format.decimal(m.median(arm, GENERATOR_CPU), 3),
                    Format.decimal(m.median(arm, ALL_CPU), 3), Format.count(m.median(arm, ACHIEVED)));
        }
        return t;
    }

    private static Table allRounds(Measurements m, List<ArmKind> kinds) {
        Table t = new Table("CPU", List.of("Arm", "Round", "Arm CPU s / 1k", "All three CPU s / 1k", "Achieved RPS"));
        for (ArmKind arm : kinds) {
            List<Map<String, Double>> rounds = m.rounds(arm);
            for (int i = 0; i < rounds.size(); i++) {
                Map<String, Double> r = rounds.get(i);
                t.row("`" + arm.id() + "`", Integer.toString(i + 1), Format.decimal(r.get(ARM_CPU), 3),
                        Format.decimal(r.get(ALL_CPU), 3), Format.count(r.get(ACHIEVED)));
            }
        }
        return t;
    }
}
