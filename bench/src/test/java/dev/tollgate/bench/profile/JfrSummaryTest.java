package dev.tollgate.bench.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class JfrSummaryTest {

    @TempDir
    Path tmp;

    @Test
    void recordsARunningJvmAndSummarisesWhereItsCpuWent() {
        long self = ProcessHandle.current().pid();
        Path file = JfrRecording.record(self, Path.of(System.getProperty("java.home")), tmp.resolve("self.jfr"),
                JfrSummaryTest::burnCpu);

        JfrSummary summary = JfrSummary.of(file, Duration.ofMillis(500));

        assertThat(summary.samples()).isPositive();
        assertThat(summary.byArea()).isNotEmpty();
        assertThat(summary.topMethods()).isNotEmpty();
        assertThat(summary.byArea().stream().mapToDouble(JfrSummary.Share::percent).sum()).isLessThanOrEqualTo(100.01);
    }

    @Test
    void groupsClassesIntoCodeAreas() {
        assertThat(JfrSummary.area("dev.tollgate.core.pipeline.Pipeline")).isEqualTo("Tollgate");
        assertThat(JfrSummary.area("io.netty.buffer.PooledByteBuf")).isEqualTo("Netty");
        assertThat(JfrSummary.area("sun.nio.ch.EPollSelectorImpl")).isEqualTo("JDK NIO (sockets, selector)");
        assertThat(JfrSummary.area("ch.qos.logback.classic.Logger")).isEqualTo("logging (Logback)");
        assertThat(JfrSummary.area("org.example.Thing")).isEqualTo("other");
    }

    /** Half a second of busy work, so the recording has execution samples of this thread. */
    private static void burnCpu() {
        long end = System.nanoTime() + 500_000_000L;
        double x = 0;
        while (System.nanoTime() < end) {
            x += Math.sqrt(x + 1);
        }
        assertThat(x).isPositive();
    }
}
