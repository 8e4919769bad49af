package dev.tollgate.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The harness end to end on a tiny load: real simulator and gateway processes, two rounds of half a
 * second per step, one short stream probe per arm, the report written to a temporary file. It checks that
 * the harness works and its figures are sane, not how fast anything is (that is {@code ./tollgate bench}).
 */
class BenchSmokeTest {

    @TempDir
    Path tmp;

    @Test
    void runsTheHarnessEndToEndAndWritesEveryTable() throws IOException {
        Path report = tmp.resolve("benchmarks.md");
        Path repoRoot = Path.of("").toAbsolutePath().getParent();
        String[] args = {"small", "stream", "cpu",
                "--arms", "direct,tollgate-pass-through,tollgate-full",
                "--rounds", "2", "--warmup", "100ms", "--duration", "500ms", "--rates", "50", "--concurrency", "4",
                "--stream-rate", "10", "--cpu-rate", "50", "--cpu-duration", "500ms", "--startup-warmup", "300ms",
                "--timeout", "5s", "--seed", "42", "--output", report.toString(), "--repo-root", repoRoot.toString(),
                "--classpath", testClassPath()};

        int exit = new CommandLine(new BenchMain(args)).execute(args);

        assertThat(exit).isZero();
        String md = Files.readString(report);
        assertThat(md).contains("`./tollgate bench small stream cpu --arms", "## Machine", "## Arms", "## Targets",
                "Added latency vs direct, fixed arrival rate", "Throughput at saturation (closed loop)",
                "Added TTFT and inter-chunk gap vs direct, and chunk fidelity",
                "CPU seconds per 1,000 requests (median of rounds)", "All rounds", "## Notes", "seed 42");
        assertThat(md).doesNotContain("could not start and was left out", "Scenario `small` failed", "Scenario `stream` failed");

        for (String arm : List.of("direct", "tollgate-pass-through", "tollgate-full")) {
            List<String> fixedRate = row(md, "| 50 RPS | `" + arm + "` |");
            assertThat(ms(fixedRate.get(5))).as(arm + " p50").isBetween(0.01, 2_000.0);
            assertThat(number(fixedRate.get(8))).as(arm + " achieved RPS").isPositive();
            assertThat(fixedRate.get(9)).as(arm + " errors / timeouts").isEqualTo("0 / 0");

            List<String> saturation = row(md, "| `" + arm + "` | ", "× nginx");
            assertThat(number(saturation.get(1))).as(arm + " saturation RPS").isGreaterThan(50.0);

            List<String> stream = row(md, "| `" + arm + "` | ", "+TTFT p50 ms");
            assertThat(stream.get(9)).as(arm + " chunk fidelity").isEqualTo("100.0 %");
            assertThat(ms(stream.get(5))).as(arm + " TTFT p50").isBetween(0.01, 2_000.0);
            assertThat(ms(stream.get(7))).as(arm + " gap p50 (simulator paces 20 ms)").isBetween(10.0, 200.0);
        }
        List<String> cpu = row(md, "| `tollgate-full` | ", "Arm CPU s / 1k");
        assertThat(number(cpu.get(1))).as("full pipeline CPU per 1k requests").isGreaterThan(0.0);

        // every simulator and gateway process the run started is gone
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.current().descendants().findAny().isEmpty());
    }

    /** The class path of this test JVM, which holds the server and the simulator. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** Cells of the first table row starting with {@code prefix}. */
    private static List<String> row(String md, String prefix) {
        return row(md, prefix, null);
    }

    /** Cells of the first row starting with {@code prefix} in the first table after a header containing {@code header}. */
    private static List<String> row(String md, String prefix, String header) {
        int from = header == null ? 0 : md.indexOf(header);
        assertThat(from).as("table with column '" + header + "'").isNotNegative();
        for (String line : md.substring(from).split("\n")) {
            if (line.startsWith(prefix)) {
                List<String> cells = new ArrayList<>();
                for (String c : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(c.trim());
                }
                return cells;
            }
        }
        throw new AssertionError("no row starting with '" + prefix + "' after '" + header + "'");
    }

    private static double ms(String cell) {
        return number(cell);
    }

    private static double number(String cell) {
        return Double.parseDouble(cell.replace(",", "").replace("+", "").replace("×", "").trim());
    }
}
