package dev.tollgate.bench.jmh;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the hot-path JMH benchmarks through the Runner API and prints a markdown table.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.tollgate.bench.jmh.JmhMain \
 *     [--out results.md] [--forks N] [--warmup N] [--iterations N] [--no-gc] [include-regex ...]
 * </pre>
 * Defaults suit a 2-core box: 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement, average time in ns/op, and the
 * gc profiler for B/op when the JVM supports it. Include patterns are JMH regexes (e.g. {@code KeyLookup},
 * {@code StreamScan.relay}); default: every benchmark in this package.
 */
public final class JmhMain {

    private JmhMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Path out = null;
        int forks = 1, warmup = 3, iterations = 5;
        boolean gc = true;
        List<String> includes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--forks" -> forks = Integer.parseInt(value(args, ++i, "--forks"));
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, "--warmup"));
                case "--iterations" -> iterations = Integer.parseInt(value(args, ++i, "--iterations"));
                case "--no-gc" -> gc = false;
                case "-h", "--help" -> {
                    System.out.println("usage: JmhMain [--out FILE] [--forks N] [--warmup N] [--iterations N]"
                            + " [--no-gc] [include-regex ...]");
                    return;
                }
                default -> includes.add(args[i]);
            }
        }
        if (includes.isEmpty()) {
            includes.add(JmhMain.class.getPackageName().replace(".", "\\.") + "\\..*Benchmark\\.");
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(forks)
                .warmupIterations(warmup)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .threads(1)
                .shouldFailOnError(true);
        includes.forEach(options::include);
        if (gc && gcProfilerAvailable()) {
            options.addProfiler(GCProfiler.class);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        String table = table(results);
        System.out.println();
        System.out.print(table);
        if (out != null) {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.writeString(out, table, StandardCharsets.UTF_8);
            System.out.println("written to " + out);
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static boolean gcProfilerAvailable() {
        try {
            new GCProfiler("");
            return true;
        } catch (Throwable e) {
            System.err.println("gc profiler unavailable, B/op omitted: " + e);
            return false;
        }
    }

    static String table(Collection<RunResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | ns/op | ± error | B/op |\n");
        sb.append("|---|---:|---:|---:|\n");
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            sb.append("| ").append(label(r)).append(" | ")
                    .append(number(primary.getScore())).append(" | ")
                    .append(Double.isNaN(primary.getScoreError()) ? "–" : number(primary.getScoreError())).append(" | ")
                    .append(alloc == null ? "–" : String.format(Locale.ROOT, "%,.0f", alloc.getScore()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String label(RunResult r) {
        String full = r.getParams().getBenchmark();
        int method = full.lastIndexOf('.');
        int cls = full.lastIndexOf('.', method - 1);
        StringBuilder label = new StringBuilder(full.substring(cls + 1));
        List<String> params = new ArrayList<>();
        for (String key : r.getParams().getParamsKeys()) {
            params.add(key + "=" + r.getParams().getParam(key));
        }
        if (!params.isEmpty()) {
            label.append(" (").append(String.join(", ", params)).append(')');
        }
        return label.toString();
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
