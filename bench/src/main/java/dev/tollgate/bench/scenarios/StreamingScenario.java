package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.load.ChunkSequence;
import dev.tollgate.bench.load.Histograms;
import dev.tollgate.bench.load.StreamProbe;
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
 * Scenario (b): streams of 50 content chunks 20 ms apart, started at a fixed rate. Reports the time to
 * first token and the gaps between chunks that each arm adds over the direct call, and chunk fidelity
 * against a direct call's chunk sequence.
 */
public final class StreamingScenario implements Scenario {

    private static final String TTFT_P50 = "ttft_p50_ms";
    private static final String TTFT_P99 = "ttft_p99_ms";
    private static final String GAP_P50 = "gap_p50_ms";
    private static final String GAP_P99 = "gap_p99_ms";
    private static final String FIDELITY = "fidelity_pct";
    private static final String STREAMS = "streams";
    private static final String FAILED = "failed";
    private static final String FAITHFUL = "faithful";

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public Section run(BenchSession session) {
        BenchSettings s = session.settings();
        byte[] body = RequestBodies.chat(BenchModels.STREAM, 512, true);
        Section section = new Section(name(), "Streaming (50 chunks, 20 ms apart)",
                "Streams started at " + Format.decimal(s.streamRate(), 0) + " per second (" + Format.duration(s.warmup())
                        + " warm-up, " + Format.duration(s.duration()) + " measured, about "
                        + Format.decimal(s.streamRate(), 0) + " streams open at a time). TTFT is the time from a "
                        + "stream's intended start to its first non-empty content chunk; a gap is the time between two "
                        + "consecutive content chunks. A stream is faithful when it carries exactly the direct call's "
                        + "content chunks in the same order, one finish chunk, and `[DONE]` once and last.");
        ChunkSequence reference = new StreamProbe(session.client()).reference(session.directTarget(), body, s.timeout());
        StreamProbe probe = new StreamProbe(session.client());
        Measurements m = new Measurements();
        session.rounds().run("stream", s.rounds(), session.arms(), (round, arm) -> {
            Quiet.awaitOwnProcesses();
            StreamProbe.Result r = probe.run(arm.target(), body, reference,
                    new StreamProbe.Plan(s.streamRate(), s.warmup(), s.duration(), Duration.ofSeconds(10)));
            Map<String, Double> f = new LinkedHashMap<>();
            f.put(TTFT_P50, Histograms.percentileMs(r.ttft(), 50));
            f.put(TTFT_P99, Histograms.percentileMs(r.ttft(), 99));
            f.put(GAP_P50, Histograms.percentileMs(r.gaps(), 50));
            f.put(GAP_P99, Histograms.percentileMs(r.gaps(), 99));
            f.put(FIDELITY, r.fidelityPercent());
            f.put(STREAMS, (double) r.streams());
            f.put(FAILED, (double) r.failed());
            f.put(FAITHFUL, (double) r.faithful());
            m.add(arm.kind(), f);
            if (r.faithful() < r.streams()) {
                section.noteItem("Streams that were not faithful (with the first problem of each measurement)",
                        arm.kind().id() + " round " + round + ": " + (r.streams() - r.faithful()) + " of " + r.streams()
                                + " (`" + r.firstProblem() + "`" + logLine(arm) + ")");
            }
            Console.log("  " + arm.kind().id() + ": TTFT p50 " + Format.ms(f.get(TTFT_P50)) + " ms, gap p99 "
                    + Format.ms(f.get(GAP_P99)) + " ms, fidelity " + Format.percent(r.fidelityPercent()));
        });
        List<ArmKind> kinds = session.arms().stream().map(Arm::kind).toList();
        section.table(headline(m, kinds));
        section.rounds(allRounds(m, kinds));
        targets(section, m);
        return section;
    }

    /** The arm's own last error line, which often says why (e.g. Portkey's stream relay failing). */
    static String logLine(Arm arm) {
        String line = arm.lastErrorLine();
        return line == null ? "" : "; its log: `" + line.replace("`", "'") + "`";
    }

    private static Table headline(Measurements m, List<ArmKind> kinds) {
        Table t = new Table("Added TTFT and inter-chunk gap vs direct, and chunk fidelity", List.of("Arm",
                "+TTFT p50 ms", "+TTFT p99 ms", "+gap p50 ms", "+gap p99 ms", "TTFT p50 ms", "TTFT p99 ms",
                "gap p50 ms", "gap p99 ms", "Fidelity (all rounds)", "Streams per round"));
        for (ArmKind arm : kinds) {
            boolean base = arm == ArmKind.DIRECT || !m.has(ArmKind.DIRECT);
            t.row("`" + arm.id() + "`",
                    base ? Format.NONE : Format.deltaMs(m.medianDifference(arm, ArmKind.DIRECT, TTFT_P50)),
                    base ? Format.NONE : Format.deltaMs(m.medianDifference(arm, ArmKind.DIRECT, TTFT_P99)),
                    base ? Format.NONE : Format.deltaMs(m.medianDifference(arm, ArmKind.DIRECT, GAP_P50)),
                    base ? Format.NONE : Format.deltaMs(m.medianDifference(arm, ArmKind.DIRECT, GAP_P99)),
                    Format.ms(m.median(arm, TTFT_P50)), Format.ms(m.median(arm, TTFT_P99)),
                    Format.ms(m.median(arm, GAP_P50)), Format.ms(m.median(arm, GAP_P99)),
                    Format.percent(fidelity(m, arm)), Format.count(m.median(arm, STREAMS)));
        }
        return t;
    }

    /** Faithful streams over all rounds, so one bad round shows even when the median round is clean. */
    private static double fidelity(Measurements m, ArmKind arm) {
        double faithful = m.rounds(arm).stream().mapToDouble(r -> r.get(FAITHFUL)).sum();
        double streams = m.rounds(arm).stream().mapToDouble(r -> r.get(STREAMS)).sum();
        return streams == 0 ? Double.NaN : 100.0 * faithful / streams;
    }

    private static Table allRounds(Measurements m, List<ArmKind> kinds) {
        Table t = new Table("Streaming", List.of("Arm", "Round", "TTFT p50 ms", "TTFT p99 ms", "gap p50 ms",
                "gap p99 ms", "Fidelity", "Streams", "Failed"));
        for (ArmKind arm : kinds) {
            List<Map<String, Double>> rounds = m.rounds(arm);
            for (int i = 0; i < rounds.size(); i++) {
                Map<String, Double> r = rounds.get(i);
                t.row("`" + arm.id() + "`", Integer.toString(i + 1), Format.ms(r.get(TTFT_P50)), Format.ms(r.get(TTFT_P99)),
                        Format.ms(r.get(GAP_P50)), Format.ms(r.get(GAP_P99)), Format.percent(r.get(FIDELITY)),
                        Format.count(r.get(STREAMS)), Format.count(r.get(FAILED)));
            }
        }
        return t;
    }

    private static void targets(Section section, Measurements m) {
        for (ArmKind arm : List.of(ArmKind.TOLLGATE_PASS_THROUGH, ArmKind.TOLLGATE_FULL)) {
            String label = arm == ArmKind.TOLLGATE_FULL ? "full pipeline" : "pass-through";
            boolean measured = m.has(arm) && m.has(ArmKind.DIRECT);
            double ttft = m.medianDifference(arm, ArmKind.DIRECT, TTFT_P50);
            double gap = m.medianDifference(arm, ArmKind.DIRECT, GAP_P99);
            double fidelity = fidelity(m, arm);
            section.target(new TargetCheck("Streaming: added TTFT p50 ≤ 0.2 ms (" + label + ")",
                    measured ? Format.deltaMs(ttft) + " ms" : "not measured", measured ? ttft <= 0.2 : null));
            section.target(new TargetCheck("Streaming: added inter-chunk gap p99 ≤ 0.2 ms (" + label + ")",
                    measured ? Format.deltaMs(gap) + " ms" : "not measured", measured ? gap <= 0.2 : null));
            section.target(new TargetCheck("Streaming: 100 % chunk fidelity (" + label + ")",
                    m.has(arm) ? Format.percent(fidelity) : "not measured", m.has(arm) ? fidelity >= 100.0 : null));
        }
    }
}
