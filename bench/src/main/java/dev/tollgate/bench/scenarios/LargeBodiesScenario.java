package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.load.LoadResult;
import dev.tollgate.bench.load.OpenLoopLoad;
import dev.tollgate.bench.report.Format;
import dev.tollgate.bench.report.Section;
import dev.tollgate.bench.run.BenchSession;
import dev.tollgate.bench.run.BenchSettings;
import dev.tollgate.bench.run.Console;
import dev.tollgate.bench.run.Measurements;
import dev.tollgate.bench.run.Quiet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario (c): request bodies of 100 KB and 1 MB (a long conversation, a pasted document) with a short
 * answer, open loop, so the cost of reading, sniffing and forwarding a big body shows as added latency.
 */
public final class LargeBodiesScenario implements Scenario {

    private static final List<Integer> SIZES = List.of(100 * 1024, 1024 * 1024);

    @Override
    public String name() {
        return "large";
    }

    @Override
    public Section run(BenchSession session) {
        BenchSettings s = session.settings();
        Section section = new Section(name(), "Large request bodies (100 KB and 1 MB in)",
                "Chat completions, not streamed, with a request body of 100 KB at "
                        + Format.count(s.largeRates().get(0)) + " RPS and of 1 MB at "
                        + Format.count(s.largeRates().get(1)) + " RPS (open loop, " + Format.duration(s.warmup())
                        + " warm-up, " + Format.duration(s.duration()) + " measured) and a 16-word answer.");
        List<ArmKind> kinds = session.arms().stream().map(Arm::kind).toList();
        OpenLoopLoad load = new OpenLoopLoad(session.client());
        Map<String, Measurements> steps = new LinkedHashMap<>();
        for (int i = 0; i < SIZES.size(); i++) {
            int size = SIZES.get(i);
            double rate = s.largeRates().get(i);
            byte[] body = RequestBodies.chat(BenchModels.LARGE, size, false);
            String step = (size >= 1024 * 1024 ? size / (1024 * 1024) + " MB" : size / 1024 + " KB") + " @ "
                    + Format.count(rate) + " RPS";
            Measurements m = new Measurements();
            session.rounds().run("large " + step, s.rounds(), session.arms(), (round, arm) -> {
                Quiet.awaitOwnProcesses();
                LoadResult r = load.run(arm.target(), body, new OpenLoopLoad.Plan(rate, s.warmup(), s.duration(), s.timeout()));
                m.add(arm.kind(), LatencyFigures.of(r));
                LatencyFigures.noteProblems(session, section, "large " + step, arm, round, r);
                Console.log("  " + arm.kind().id() + ": p50 " + Format.ms(r.latencyMs(50)) + " ms, p99 "
                        + Format.ms(r.latencyMs(99)) + " ms, " + r.errors() + " errors");
            });
            steps.put(step, m);
        }
        section.table(LatencyFigures.addedLatency("Added latency vs direct, large bodies", steps, kinds));
        section.rounds(LatencyFigures.allRounds("Large bodies", steps, kinds));
        return section;
    }
}
