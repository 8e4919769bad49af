package dev.tollgate.bench.profile;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a recorded JVM spent its CPU: execution samples grouped three ways (code area of the running
 * method, nearest Tollgate frame on the stack, and the hottest methods), plus allocation and GC totals.
 */
public record JfrSummary(long samples, List<Share> byArea, List<Share> byTollgateFrame, List<Share> topMethods,
                         double allocatedMiBPerSecond, long collections, double pauseMs) {

    /** A named part and its share of the samples (or bytes). */
    public record Share(String name, long count, double percent) {
    }

    public static JfrSummary of(Path recording, Duration window) {
        Map<String, Long> areas = new HashMap<>();
        Map<String, Long> tollgate = new HashMap<>();
        Map<String, Long> methods = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        long collections = 0;
        double pauseMs = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                switch (e.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace stack = e.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        RecordedFrame top = stack.getFrames().getFirst();
                        String type = top.getMethod().getType().getName();
                        areas.merge(area(type), 1L, Long::sum);
                        methods.merge(shortName(type) + "." + top.getMethod().getName(), 1L, Long::sum);
                        tollgate.merge(nearestTollgateFrame(stack), 1L, Long::sum);
                    }
                    case "jdk.ObjectAllocationSample" -> allocated += e.getLong("weight");
                    case "jdk.GarbageCollection" -> {
                        collections++;
                        pauseMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
                    }
                    default -> {
                        // other events of the profile settings are not summarised
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recording + ": " + e.getMessage(), e);
        }
        double seconds = Math.max(1e-3, window.toNanos() / 1e9);
        return new JfrSummary(samples, top(areas, samples, 10), top(tollgate, samples, 12), top(methods, samples, 12),
                allocated / seconds / (1024 * 1024), collections, pauseMs);
    }

    /** The code area a class belongs to, by package. */
    static String area(String type) {
        if (type.startsWith("dev.tollgate.")) {
            return "Tollgate";
        } else if (type.startsWith("io.netty.")) {
            return "Netty";
        } else if (type.startsWith("io.vertx.")) {
            return "Vert.x";
        } else if (type.startsWith("ch.qos.logback.") || type.startsWith("net.logstash.") || type.startsWith("org.slf4j.")) {
            return "logging (Logback)";
        } else if (type.startsWith("io.micrometer.") || type.startsWith("io.prometheus.")) {
            return "metrics (Micrometer)";
        } else if (type.startsWith("com.fasterxml.jackson.")) {
            return "JSON (Jackson)";
        } else if (type.startsWith("org.sqlite.") || type.startsWith("com.zaxxer.") || type.startsWith("java.sql.")) {
            return "SQLite / JDBC";
        } else if (type.startsWith("sun.nio.") || type.startsWith("java.nio.") || type.startsWith("sun.net.")) {
            return "JDK NIO (sockets, selector)";
        } else if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
            return "JDK (other)";
        }
        return "other";
    }

    /** The first Tollgate method from the top of the stack: the stage on whose behalf the CPU was spent. */
    private static String nearestTollgateFrame(RecordedStackTrace stack) {
        for (RecordedFrame f : stack.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("dev.tollgate.")) {
                return shortName(type) + "." + f.getMethod().getName();
            }
        }
        return stack.isTruncated() ? "(stack truncated before any Tollgate frame)" : "(no Tollgate frame: I/O, timers, GC support)";
    }

    private static String shortName(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    private static List<Share> top(Map<String, Long> counts, long total, int limit) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit).map(e -> new Share(e.getKey(), e.getValue(), total == 0 ? 0 : 100.0 * e.getValue() / total))
                .toList();
    }
}
