package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.load.LoadResult;
import dev.tollgate.bench.load.OpenLoopLoad;
import dev.tollgate.bench.load.Saturation;
import dev.tollgate.bench.report.Format;
import dev.tollgate.bench.report.Section;
import dev.tollgate.bench.report.Table;
import dev.tollgate.bench.report.TargetCheck;
import dev.tollgate.bench.run.BenchSession;
import dev.tollgate.bench.run.BenchSettings;
import dev.tollgate.bench.run.Console;
import dev.tollgate.bench.run.Measurements;
import dev.tollgate.bench.run.Quiet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario (a): ~1 KB in, ~1 KB out, not streamed. Open loop at each fixed rate (latency added over the
 * direct call), then closed loop at saturation (throughput relative to nginx and Portkey).
 */
public final class SmallRequestsScenario implements Scenario {

    static final String RPS = "rps";
    private static final int BODY_BYTES = 1024;

    @Override
    public String name() {
        return "small";
    }

    @Override
    public Section run(BenchSession session) {
        BenchSettings s = session.settings();
        byte[] body = RequestBodies.chat(BenchModels.SMALL, BODY_BYTES, false);
        Section section = new Section(name(), "Small requests (~1 KB in, ~1 KB out)",
                "Chat completions, not streamed: a " + body.length + "-byte request, an answer of about 1 KB. First "
                        + "open loop at fixed arrival rates (" + Format.duration(s.warmup()) + " warm-up, then "
                        + Format.duration(s.duration()) + " measured, latency from each request's intended send time), "
                        + "then closed loop with " + s.concurrency() + " requests in flight for throughput at "
                        + "saturation. \"+\" columns are the added latency over the direct call in the same round "
                        + "(median over rounds of the per-round difference).");
        List<ArmKind> kinds = session.arms().stream().map(Arm::kind).toList();
        OpenLoopLoad load = new OpenLoopLoad(session.client());
        Map<String, Measurements> steps = new LinkedHashMap<>();
        for (int rate : s.rates()) {
            String step = Format.count(rate) + " RPS";
            Measurements m = new Measurements();
            session.rounds().run("small " + step, s.rounds(), session.arms(), (round, arm) -> {
                Quiet.awaitOwnProcesses();
                LoadResult r = load.run(arm.target(), body,
                        new OpenLoopLoad.Plan(rate, s.warmup(), s.duration(), s.timeout()));
                m.add(arm.kind(), LatencyFigures.of(r));
                LatencyFigures.noteProblems(session, section, "small " + step, arm, round, r);
                Console.log("  " + arm.kind().id() + ": p50 " + Format.ms(r.latencyMs(50)) + " ms, p99 "
                        + Format.ms(r.latencyMs(99)) + " ms, " + Format.count(r.achievedRate()) + " RPS, "
                        + r.errors() + " errors, " + r.timeouts() + " timeouts");
            });
            steps.put(step, m);
        }
        Measurements saturation = saturation(session, body, section);
        section.table(LatencyFigures.addedLatency("Added latency vs direct, fixed arrival rate", steps, kinds));
        section.table(saturationTable(saturation, kinds));
        section.rounds(LatencyFigures.allRounds("Fixed rate", steps, kinds));
        section.rounds(saturationRounds(saturation, kinds));
        latencyTargets(section, steps.get(Format.count(1000) + " RPS"));
        throughputTargets(section, saturation);
        return section;
    }

    private static Measurements saturation(BenchSession session, byte[] body, Section section) {
        BenchSettings s = session.settings();
        Saturation saturation = new Saturation(session.client());
        Measurements m = new Measurements();
        session.rounds().run("small saturation", s.rounds(), session.arms(), (round, arm) -> {
            Quiet.awaitOwnProcesses();
            Saturation.Result r = saturation.run(arm.target(), body,
                    new Saturation.Plan(s.concurrency(), s.warmup(), s.duration(), s.timeout()));
            Map<String, Double> f = new LinkedHashMap<>();
            f.put(RPS, r.requestsPerSecond());
            f.put(LatencyFigures.P50, r.latency().getTotalCount() == 0 ? Double.NaN : r.latency().getValueAtPercentile(50) / 1000.0);
            f.put(LatencyFigures.P99, r.latency().getTotalCount() == 0 ? Double.NaN : r.latency().getValueAtPercentile(99) / 1000.0);
            f.put(LatencyFigures.ERRORS, (double) r.errors());
            f.put(LatencyFigures.TIMEOUTS, (double) r.timeouts());
            m.add(arm.kind(), f);
            if (r.errors() + r.timeouts() > 0) {
                section.noteItem("Errors and timeouts (with the first failure of each measurement)", "saturation "
                        + arm.kind().id() + " round " + round + ": " + r.errors() + " errors, " + r.timeouts() + " timeouts"
                        + (r.firstError() == null ? "" : " (`" + r.firstError() + "`)"));
            }
            Console.log("  " + arm.kind().id() + ": " + Format.count(r.requestsPerSecond()) + " RPS at saturation");
        });
        return m;
    }

    private static Table saturationTable(Measurements m, List<ArmKind> kinds) {
        Table t = new Table("Throughput at saturation (closed loop)", List.of("Arm", "RPS", "× nginx", "× Portkey",
                "× direct", "p50 ms", "p99 ms", "Errors / timeouts"));
        for (ArmKind arm : kinds) {
            double rps = m.median(arm, RPS);
            t.row("`" + arm.id() + "`", Format.count(rps), Format.ratio(rps / m.median(ArmKind.NGINX, RPS)),
                    Format.ratio(rps / m.median(ArmKind.PORTKEY, RPS)), Format.ratio(rps / m.median(ArmKind.DIRECT, RPS)),
                    Format.ms(m.median(arm, LatencyFigures.P50)), Format.ms(m.median(arm, LatencyFigures.P99)),
                    Format.count(m.median(arm, LatencyFigures.ERRORS)) + " / "
                            + Format.count(m.median(arm, LatencyFigures.TIMEOUTS)));
        }
        return t;
    }

    private static Table saturationRounds(Measurements m, List<ArmKind> kinds) {
        Table t = new Table("Saturation", List.of("Arm", "Round", "RPS", "p50 ms", "p99 ms", "Errors", "Timeouts"));
        for (ArmKind arm : kinds) {
            List<Map<String, Double>> rounds = m.rounds(arm);
            for (int i = 0; i < rounds.size(); i++) {
                Map<String, Double> r = rounds.get(i);
                t.row("`" + arm.id() + "`", Integer.toString(i + 1), Format.count(r.get(RPS)),
                        Format.ms(r.get(LatencyFigures.P50)), Format.ms(r.get(LatencyFigures.P99)),
                        Format.count(r.get(LatencyFigures.ERRORS)), Format.count(r.get(LatencyFigures.TIMEOUTS)));
            }
        }
        return t;
    }

    private static void latencyTargets(Section section, Measurements at1k) {
        check(section, at1k, ArmKind.TOLLGATE_PASS_THROUGH, LatencyFigures.P50, 0.10, "pass-through");
        check(section, at1k, ArmKind.TOLLGATE_PASS_THROUGH, LatencyFigures.P99, 0.50, "pass-through");
        check(section, at1k, ArmKind.TOLLGATE_FULL, LatencyFigures.P99, 0.75, "full pipeline");
    }

    private static void check(Section section, Measurements at1k, ArmKind arm, String figure, double limitMs, String label) {
        String percentile = figure.equals(LatencyFigures.P50) ? "p50" : "p99";
        String target = "Added latency vs direct at 1k RPS, " + percentile + " ≤ " + Format.decimal(limitMs, 2)
                + " ms (" + label + ")";
        if (at1k == null || !at1k.has(arm) || !at1k.has(ArmKind.DIRECT)) {
            section.target(new TargetCheck(target, "not measured", null));
            return;
        }
        double added = at1k.medianDifference(arm, ArmKind.DIRECT, figure);
        section.target(new TargetCheck(target, Format.deltaMs(added) + " ms", added <= limitMs));
    }

    private static void throughputTargets(Section section, Measurements m) {
        for (ArmKind arm : List.of(ArmKind.TOLLGATE_PASS_THROUGH, ArmKind.TOLLGATE_FULL)) {
            String label = arm == ArmKind.TOLLGATE_FULL ? "full pipeline" : "pass-through";
            ratioTarget(section, m, arm, ArmKind.NGINX, 0.8, "Throughput at saturation ≥ 0.8× nginx (" + label + ")");
            ratioTarget(section, m, arm, ArmKind.PORTKEY, 3.0, "Throughput at saturation ≥ 3× Portkey (" + label + ")");
        }
    }

    private static void ratioTarget(Section section, Measurements m, ArmKind arm, ArmKind peer, double limit, String target) {
        if (!m.has(arm) || !m.has(peer)) {
            section.target(new TargetCheck(target, "not measured", null));
            return;
        }
        double ratio = m.median(arm, RPS) / m.median(peer, RPS);
        section.target(new TargetCheck(target, Format.ratio(ratio) + " (" + Format.count(m.median(arm, RPS)) + " vs "
                + Format.count(m.median(peer, RPS)) + " RPS)", ratio >= limit));
    }
}
