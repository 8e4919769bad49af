package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.load.Histograms;
import dev.tollgate.bench.load.LoadResult;
import dev.tollgate.bench.report.Format;
import dev.tollgate.bench.report.Section;
import dev.tollgate.bench.report.Table;
import dev.tollgate.bench.run.BenchSession;
import dev.tollgate.bench.run.Measurements;
import dev.tollgate.bench.run.StallDiagnostics;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared by the fixed-rate scenarios: the figures kept from a {@link LoadResult}, the "added latency vs
 * direct" table, the all-rounds table, and notes on errors and on a generator that fell behind.
 */
final class LatencyFigures {

    static final String P50 = "p50_ms";
    static final String P99 = "p99_ms";
    static final String P999 = "p999_ms";
    static final String ACHIEVED = "achieved_rps";
    static final String OK = "ok";
    static final String ERRORS = "errors";
    static final String TIMEOUTS = "timeouts";
    static final String SEND_LAG_P99 = "send_lag_p99_ms";

    private LatencyFigures() {
    }

    static Map<String, Double> of(LoadResult r) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put(P50, r.latencyMs(50));
        f.put(P99, r.latencyMs(99));
        f.put(P999, r.latencyMs(99.9));
        f.put(ACHIEVED, r.achievedRate());
        f.put(OK, (double) r.ok());
        f.put(ERRORS, (double) r.errors());
        f.put(TIMEOUTS, (double) r.timeouts());
        f.put(SEND_LAG_P99, Histograms.percentileMs(r.sendLag(), 99));
        return f;
    }

    /** Notes on what a single measurement shows beyond its figures; keeps a thread dump of a stalled JVM arm. */
    static void noteProblems(BenchSession session, Section section, String step, Arm armUnderTest, int round, LoadResult r) {
        ArmKind arm = armUnderTest.kind();
        Path dump = StallDiagnostics.captureIfStalled(session, armUnderTest, r.timeouts(), r.ok() + r.errors() + r.timeouts());
        if (dump != null) {
            section.note(step + ", " + arm.id() + ", round " + round + ": the arm stalled (most requests timed out); "
                    + "its threads at that moment are in `" + session.settings().repoRoot().relativize(dump) + "`.");
        }
        if (!r.generatorKeptUp()) {
            section.noteItem("The load generator could not start every request on time (under "
                    + Format.percent(97) + " of the rate started in the window, or send lag p99 over 5 ms) in these "
                    + "measurements; the machine was saturated, and their latency includes that queueing",
                    step + " " + arm.id() + " round " + round + " (" + Format.count(r.achievedRate()) + " RPS started, lag p99 "
                            + Format.ms(Histograms.percentileMs(r.sendLag(), 99)) + " ms)");
        }
        if (r.errors() + r.timeouts() > 0) {
            section.noteItem("Errors and timeouts (with the first failure of each measurement)", step + " " + arm.id()
                    + " round " + round + ": " + r.errors() + " errors, " + r.timeouts() + " timeouts"
                    + (r.firstError() == null ? "" : " (`" + r.firstError() + "`)"));
        }
    }

    /** Added latency of each proxy over the direct call at the same step and round, with absolutes beside. */
    static Table addedLatency(String title, Map<String, Measurements> steps, List<ArmKind> arms) {
        Table t = new Table(title, List.of("Step", "Arm", "+p50 ms", "+p99 ms", "+p99.9 ms", "p50 ms", "p99 ms",
                "p99.9 ms", "Achieved RPS", "Errors / timeouts"));
        steps.forEach((step, m) -> {
            for (ArmKind arm : arms) {
                if (!m.has(arm)) {
                    continue;
                }
                boolean base = arm == ArmKind.DIRECT || !m.has(ArmKind.DIRECT);
                t.row(step, "`" + arm.id() + "`",
                        base ? Format.NONE : Format.deltaMs(m.medianDifference(arm, ArmKind.DIRECT, P50)),
                        base ? Format.NONE : Format.deltaMs(m.medianDifference(arm, ArmKind.DIRECT, P99)),
                        base ? Format.NONE : Format.deltaMs(m.medianDifference(arm, ArmKind.DIRECT, P999)),
                        Format.ms(m.median(arm, P50)), Format.ms(m.median(arm, P99)), Format.ms(m.median(arm, P999)),
                        Format.count(m.median(arm, ACHIEVED)),
                        Format.count(m.median(arm, ERRORS)) + " / " + Format.count(m.median(arm, TIMEOUTS)));
            }
        });
        return t;
    }

    static Table allRounds(String title, Map<String, Measurements> steps, List<ArmKind> arms) {
        Table t = new Table(title, List.of("Step", "Arm", "Round", "p50 ms", "p99 ms", "p99.9 ms", "Achieved RPS",
                "OK", "Errors", "Timeouts", "Send lag p99 ms"));
        steps.forEach((step, m) -> {
            for (ArmKind arm : arms) {
                List<Map<String, Double>> rounds = m.rounds(arm);
                for (int i = 0; i < rounds.size(); i++) {
                    Map<String, Double> r = rounds.get(i);
                    t.row(step, "`" + arm.id() + "`", Integer.toString(i + 1), Format.ms(r.get(P50)),
                            Format.ms(r.get(P99)), Format.ms(r.get(P999)), Format.count(r.get(ACHIEVED)),
                            Format.count(r.get(OK)), Format.count(r.get(ERRORS)), Format.count(r.get(TIMEOUTS)),
                            Format.ms(r.get(SEND_LAG_P99)));
                }
            }
        });
        return t;
    }
}
