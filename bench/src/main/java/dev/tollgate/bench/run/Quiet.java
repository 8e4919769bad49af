package dev.tollgate.bench.run;

import dev.tollgate.bench.load.ProcessStats;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for the benchmark's own processes to calm down between measurements: an arm that was overloaded
 * may still be working off its backlog after the client gave up, and that would steal CPU from the next
 * arm. Other processes on the machine are not waited for (they are reported by {@link ForeignLoad}).
 */
public final class Quiet {

    private static final long WINDOW_NANOS = 200_000_000L;
    private static final double BUSY_CORES = 0.3;
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private Quiet() {
    }

    /**
     * Returns once a 200 ms window saw this JVM and all its child processes together use less than 0.3
     * cores, or after 10 s; returns false in the latter case.
     */
    public static boolean awaitOwnProcesses() {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> own = ProcessStats.withDescendants(ProcessHandle.current().pid());
            double before = ProcessStats.cpuSeconds(own);
            long t0 = System.nanoTime();
            LockSupport.parkNanos(WINDOW_NANOS);
            double cores = (ProcessStats.cpuSeconds(own) - before) / ((System.nanoTime() - t0) / 1e9);
            if (cores < BUSY_CORES) {
                return true;
            }
        }
        return false;
    }
}
