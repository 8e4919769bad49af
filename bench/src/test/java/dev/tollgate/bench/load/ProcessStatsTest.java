package dev.tollgate.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStatsTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void readsCpuMemoryAndFilesOfThisProcess() {
        assertThat(ProcessStats.cpuSeconds(SELF)).isPositive();
        assertThat(ProcessStats.rssBytes(SELF)).isGreaterThan(10L * 1024 * 1024);
        assertThat(ProcessStats.openFiles(List.of(SELF))).isPositive();
        assertThat(ProcessStats.openFileLimit(SELF)).isGreaterThan(100);
        assertThat(ProcessStats.machineBusySeconds()).isPositive();
        assertThat(ProcessStats.withDescendants(SELF)).startsWith(SELF);
    }

    @Test
    void aGoneProcessUsesNothing() {
        long gone = Long.MAX_VALUE / 2;
        assertThat(ProcessStats.cpuSeconds(gone)).isZero();
        assertThat(ProcessStats.rssBytes(gone)).isZero();
    }

    @Test
    void readsTheHeapOfAJvmAfterAFullCollection() {
        long heap = ProcessStats.heapAfterGcBytes(SELF, Path.of(System.getProperty("java.home")));

        assertThat(heap).isPositive().isLessThan(Runtime.getRuntime().maxMemory());
    }
}
