package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.arms.ArmKind;
import dev.tollgate.bench.load.OpenLoopLoad;
import dev.tollgate.bench.load.ProcessStats;
import dev.tollgate.bench.load.SlowStreams;
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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Scenario (d): many concurrent slow streams (one chunk a second) held open through an arm, and what they
 * cost it in memory: resident set size and, for a JVM, heap after a full GC, compared with the same fresh
 * process idle. Each arm and round starts a fresh process (so earlier scenarios' garbage and pools do not
 * count), warms it briefly, measures it idle, then holds each stream count in ascending order.
 */
public final class StreamsMemoryScenario implements Scenario {

    private static final String REQUESTED = "requested";
    private static final String HELD = "held";
    private static final String FAILED = "failed";
    private static final String RSS = "rss_bytes";
    private static final String HEAP = "heap_bytes";
    private static final String IDLE_RSS = "idle_rss_bytes";
    private static final String IDLE_HEAP = "idle_heap_bytes";
    private static final String RSS_PER_STREAM = "rss_per_stream_bytes";
    private static final String HEAP_PER_STREAM = "heap_per_stream_bytes";
    private static final String FDS_PER_STREAM = "fds_per_stream";
    private static final int TARGET_STREAMS = 10_000;
    private static final long GIB = 1024L * 1024 * 1024;

    /** Per arm, how its first incomplete step failed (for the targets). */
    private final Map<ArmKind, String> firstFailures = new EnumMap<>(ArmKind.class);

    @Override
    public String name() {
        return "streams-memory";
    }

    @Override
    public Section run(BenchSession session) {
        BenchSettings s = session.settings();
        List<ArmKind> kinds = s.arms().stream().filter(k -> k != ArmKind.DIRECT).toList();
        Section section = new Section(name(), "Concurrent slow streams: memory",
                "Streams of one chunk a second, " + s.memoryStreams().stream().map(Format::count).toList()
                        + " of them held at once through a fresh arm process (opened at "
                        + Format.count(s.memoryOpenRate()) + " per second; measured once every stream has delivered "
                        + "a chunk and then another one). RSS is the arm's resident set (nginx: master and workers), "
                        + "heap is the JVM's heap after a full GC (`jcmd GC.run`, then `GC.heap_info`). Per extra "
                        + "stream = (figure with N streams − same process idle) / N. Idle is after start-up and a "
                        + "1 s warm-up. nginx and Portkey are measured in " + s.peerMemoryRounds() + " round(s), "
                        + "the Tollgate arms in " + s.rounds() + ".");
        Map<Integer, Measurements> byCount = new LinkedHashMap<>();
        s.memoryStreams().forEach(c -> byCount.put(c, new Measurements()));
        byte[] body = RequestBodies.chat(BenchModels.SLOW, 256, true);
        long benchCapacity = Math.max(0, ProcessStats.openFileLimit(ProcessHandle.current().pid()) - 1000);
        session.rounds().run("streams-memory", s.rounds(), kinds, ArmKind::id, (round, kind) -> {
            if (!kind.isTollgate() && round > s.peerMemoryRounds()) {
                return;
            }
            Quiet.awaitOwnProcesses();
            try (Arm arm = session.launcher().start(kind)) {
                measureArm(session, arm, body, benchCapacity, byCount, section);
            } catch (RuntimeException e) {
                section.note(kind.id() + ", round " + round + ": could not be measured: " + e.getMessage());
                Console.log("  " + kind.id() + " failed: " + e.getMessage());
            }
        });
        List<ArmKind> measured = kinds.stream().filter(k -> byCount.values().stream().anyMatch(m -> m.has(k))).toList();
        section.table(headline(byCount, measured));
        section.rounds(allRounds(byCount, measured));
        targets(section, byCount);
        return section;
    }

    private void measureArm(BenchSession session, Arm arm, byte[] body, long benchCapacity,
                                   Map<Integer, Measurements> byCount, Section section) {
        BenchSettings s = session.settings();
        // a short warm-up, so "idle" means a process that has served traffic, not one that never did
        new OpenLoopLoad(session.client()).run(arm.target(), RequestBodies.chat(BenchModels.SMALL, 1024, false),
                new OpenLoopLoad.Plan(200, Duration.ZERO, Duration.ofSeconds(1), s.timeout()));
        Quiet.awaitOwnProcesses();
        long idleRss = ProcessStats.rssBytes(arm.pids());
        double idleHeap = heap(session, arm);
        long idleFds = ProcessStats.openFiles(arm.pids());
        for (int requested : s.memoryStreams()) {
            int count = (int) Math.min(requested, Math.min(arm.streamCapacity(), benchCapacity));
            if (count < requested) {
                section.note(arm.kind().id() + ": " + Format.count(count) + " streams held instead of "
                        + Format.count(requested) + ": the open-file limit (" + Format.count(ProcessStats.openFileLimit(
                        arm.pids().getFirst())) + ", `ulimit -n`; each proxied stream takes two sockets) allows no "
                        + "more; figures for " + Format.count(requested) + " are extrapolated from the per-stream cost.");
            }
            boolean complete;
            try (SlowStreams streams = SlowStreams.open(session.client(), arm.target(), body, count,
                    s.memoryOpenRate(), Duration.ofSeconds(60))) {
                int held = streams.established();
                complete = held == count && streams.failed() == 0;
                if (held == 0) {
                    section.note(arm.kind().id() + " held no stream (" + Format.count(streams.failed()) + " of "
                            + Format.count(count) + " failed; first failure: `" + streams.firstFailure()
                            + "`" + StreamingScenario.logLine(arm) + "), so its per-stream memory cannot be measured.");
                    return;
                }
                if (!complete) {
                    firstFailures.putIfAbsent(arm.kind(), Format.count(held) + " of " + Format.count(count)
                            + " held, the others failed with `" + streams.firstFailure() + "`");
                }
                // steady state: every stream has had a second chunk relayed, so its buffers are in use
                awaitCondition(() -> streams.chunksReceived() >= 2L * held, Duration.ofSeconds(10));
                long rss = ProcessStats.rssBytes(arm.pids());
                long fds = ProcessStats.openFiles(arm.pids());
                double heap = heap(session, arm);
                Map<String, Double> f = new LinkedHashMap<>();
                f.put(REQUESTED, (double) requested);
                f.put(HELD, (double) held);
                f.put(FAILED, (double) streams.failed());
                f.put(RSS, (double) rss);
                f.put(HEAP, heap);
                f.put(IDLE_RSS, (double) idleRss);
                f.put(IDLE_HEAP, idleHeap);
                f.put(RSS_PER_STREAM, (rss - idleRss) / (double) held);
                f.put(HEAP_PER_STREAM, (heap - idleHeap) / held);
                f.put(FDS_PER_STREAM, (fds - idleFds) / (double) held);
                byCount.get(requested).add(arm.kind(), f);
                Console.log("  " + arm.kind().id() + " holding " + Format.count(held) + " of " + Format.count(count)
                        + " streams: RSS " + Format.mib(rss) + " (idle " + Format.mib(idleRss) + "), heap "
                        + Format.mib(heap) + ", " + Format.decimal(f.get(FDS_PER_STREAM), 2) + " fds per stream");
            }
            if (!complete) {
                section.note(arm.kind().id() + " could not hold " + Format.count(count) + " streams ("
                        + firstFailures.get(arm.kind()) + "); its figures at that count include the failed "
                        + "connections and larger counts were skipped.");
                return;
            }
            // the arm drops its side of the closed streams; wait until its sockets are back to idle
            awaitCondition(() -> ProcessStats.openFiles(arm.pids()) <= idleFds + 50, Duration.ofSeconds(10));
        }
    }

    private static double heap(BenchSession session, Arm arm) {
        return arm.jvmPid().isPresent() ? ProcessStats.heapAfterGcBytes(arm.jvmPid().getAsLong(), session.javaHome())
                : Double.NaN;
    }

    /** Polls a cheap condition every 100 ms; the arms signal these states no other way. */
    private static void awaitCondition(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000_000L);
        }
    }

    private static Table headline(Map<Integer, Measurements> byCount, List<ArmKind> kinds) {
        Table t = new Table("Memory with N concurrent streams (median of rounds)", List.of("Arm", "Streams held",
                "RSS", "Heap after GC", "RSS per extra stream", "Heap per extra stream", "Idle RSS", "Idle heap"));
        for (ArmKind arm : kinds) {
            byCount.forEach((requested, m) -> {
                if (!m.has(arm)) {
                    return;
                }
                double held = m.median(arm, HELD);
                double failed = m.median(arm, FAILED);
                t.row("`" + arm.id() + "`", Format.count(held) + (held < requested ? " of " + Format.count(requested) : "")
                                + (failed > 0 ? " (" + Format.count(failed) + " failed)" : ""),
                        Format.mib(m.median(arm, RSS)), Format.mib(m.median(arm, HEAP)),
                        Format.kib(m.median(arm, RSS_PER_STREAM)), Format.kib(m.median(arm, HEAP_PER_STREAM)),
                        Format.mib(m.median(arm, IDLE_RSS)), Format.mib(m.median(arm, IDLE_HEAP)));
            });
        }
        return t;
    }

    private static Table allRounds(Map<Integer, Measurements> byCount, List<ArmKind> kinds) {
        Table t = new Table("Streams memory", List.of("Arm", "Requested", "Round", "Held", "Failed", "RSS", "Heap after GC",
                "Idle RSS", "Idle heap", "RSS per stream", "fds per stream"));
        for (ArmKind arm : kinds) {
            byCount.forEach((requested, m) -> {
                List<Map<String, Double>> rounds = m.rounds(arm);
                for (int i = 0; i < rounds.size(); i++) {
                    Map<String, Double> r = rounds.get(i);
                    t.row("`" + arm.id() + "`", Format.count(requested), Integer.toString(i + 1),
                            Format.count(r.get(HELD)), Format.count(r.get(FAILED)), Format.mib(r.get(RSS)), Format.mib(r.get(HEAP)),
                            Format.mib(r.get(IDLE_RSS)), Format.mib(r.get(IDLE_HEAP)), Format.kib(r.get(RSS_PER_STREAM)),
                            Format.decimal(r.get(FDS_PER_STREAM), 2));
                }
            });
        }
        return t;
    }

    private void targets(Section section, Map<Integer, Measurements> byCount) {
        for (ArmKind arm : List.of(ArmKind.TOLLGATE_PASS_THROUGH, ArmKind.TOLLGATE_FULL)) {
            String label = arm == ArmKind.TOLLGATE_FULL ? "full pipeline" : "pass-through";
            String total = "10k concurrent streams in ≤ 1 GiB resident (" + label + ")";
            String perStreamTarget = "≤ 50 KiB resident per extra stream (" + label + ")";
            String idleTarget = "Idle RSS ≤ 256 MiB (" + label + ")";
            // the largest step every round held completely: partial steps carry failed connections' memory
            Measurements complete = null;
            for (Measurements m : byCount.values()) {
                if (m.has(arm) && m.rounds(arm).stream().allMatch(r -> r.get(FAILED) == 0)) {
                    complete = m;
                }
            }
            if (complete == null) {
                section.target(new TargetCheck(total, "not measured", null));
                section.target(new TargetCheck(perStreamTarget, "not measured", null));
                section.target(new TargetCheck(idleTarget, "not measured", null));
                continue;
            }
            double held = complete.median(arm, HELD);
            double perStream = complete.median(arm, RSS_PER_STREAM);
            double idle = complete.median(arm, IDLE_RSS);
            String failure = firstFailures.get(arm);
            if (held >= TARGET_STREAMS) {
                double rss = complete.median(arm, RSS);
                section.target(new TargetCheck(total, Format.mib(rss) + " (measured)", rss <= GIB));
            } else {
                double extrapolated = idle + perStream * TARGET_STREAMS;
                section.target(new TargetCheck(total, failure != null
                        ? "cannot hold them: " + failure + " (memory extrapolated from " + Format.count(held)
                                + " streams: " + Format.mib(extrapolated) + ")"
                        : Format.mib(extrapolated) + " (extrapolated from " + Format.count(held) + " streams)",
                        failure == null && extrapolated <= GIB));
            }
            section.target(new TargetCheck(perStreamTarget, Format.kib(perStream) + " at " + Format.count(held)
                    + " streams", perStream <= 50 * 1024));
            section.target(new TargetCheck(idleTarget, Format.mib(idle), idle <= 256.0 * 1024 * 1024));
        }
    }
}
