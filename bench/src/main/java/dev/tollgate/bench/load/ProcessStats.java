package dev.tollgate.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource use of processes, read from Linux's {@code /proc}: CPU seconds (user + system), resident memory,
 * and for a JVM its heap after a full collection (through the JDK's {@code jcmd}). Thread-safe.
 */
public final class ProcessStats {

    private static final Pattern HEAP_USED = Pattern.compile("used\\s+(\\d+)([KMG])");
    private static volatile long clockTicks;

    private ProcessStats() {
    }

    /** CPU seconds a process has used so far, user plus system time (fields 14 and 15 of /proc/pid/stat). */
    public static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat == null) {
            return 0;
        }
        // the command name (field 2) may contain spaces and parentheses: count fields after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks / (double) clockTicks();
    }

    public static double cpuSeconds(Collection<Long> pids) {
        double sum = 0;
        for (long pid : pids) {
            sum += cpuSeconds(pid);
        }
        return sum;
    }

    /** CPU seconds the whole machine has spent busy (all cores; idle and iowait excluded), from /proc/stat. */
    public static double machineBusySeconds() {
        String stat = read(Path.of("/proc/stat"));
        String[] f = stat.lines().filter(l -> l.startsWith("cpu ")).findFirst().orElseThrow().trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) { // idle, iowait
                busy += Long.parseLong(f[i]);
            }
        }
        return busy / (double) clockTicks();
    }

    /** Resident set size in bytes (VmRSS), 0 if the process is gone. */
    public static long rssBytes(long pid) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return 0;
        }
        return status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(0L);
    }

    public static long rssBytes(Collection<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            sum += rssBytes(pid);
        }
        return sum;
    }

    /** The process and all its descendants (e.g. an nginx master and its workers). */
    public static List<Long> withDescendants(long pid) {
        List<Long> all = new ArrayList<>();
        all.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        return all;
    }

    /** Open file descriptors of the processes (sockets included), from /proc/pid/fd. */
    public static long openFiles(Collection<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                sum += entries.count();
            } catch (IOException | UncheckedIOException e) {
                // the process is gone or not ours to read: it holds nothing we can count
            }
        }
        return sum;
    }

    /** The soft limit on open files of a process ("Max open files" in /proc/pid/limits). */
    public static long openFileLimit(long pid) {
        String limits = read(Path.of("/proc", Long.toString(pid), "limits"));
        if (limits == null) {
            return Long.MAX_VALUE;
        }
        return limits.lines().filter(l -> l.startsWith("Max open files")).findFirst()
                .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                .map(v -> v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v)).orElse(Long.MAX_VALUE);
    }

    /**
     * Heap in use right after a full collection of a JVM: {@code jcmd GC.run}, then the "used" figure of
     * {@code jcmd GC.heap_info} (the first one: the whole heap, for ZGC and G1 alike).
     */
    public static long heapAfterGcBytes(long pid, Path javaHome) {
        Path jcmd = javaHome.resolve("bin/jcmd");
        run(jcmd.toString(), Long.toString(pid), "GC.run");
        String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in jcmd GC.heap_info output: " + info);
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "K" -> value * 1024;
            case "M" -> value * 1024 * 1024;
            default -> value * 1024 * 1024 * 1024;
        };
    }

    /** Runs a short command and returns its output (stdout and stderr). */
    public static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Kernel clock ticks per second ({@code getconf CLK_TCK}, almost always 100). */
    static long clockTicks() {
        if (clockTicks == 0) {
            long ticks = 100;
            try {
                ticks = Long.parseLong(run("getconf", "CLK_TCK").trim());
            } catch (RuntimeException ignored) {
                // getconf missing: Linux's USER_HZ is 100 on every common architecture
            }
            clockTicks = ticks;
        }
        return clockTicks;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
