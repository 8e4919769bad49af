package dev.tollgate.bench.run;

import dev.tollgate.bench.load.ProcessStats;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches for CPU used by processes that are not the benchmark's (a build, another job): machine busy time
 * minus the time of this JVM and its children, sampled every second for the whole run. The report states
 * it, because on a 2-core machine a neighbour's half core changes every figure. Thread-safe.
 */
public final class ForeignLoad implements AutoCloseable {

    private final Thread sampler;
    private volatile double totalCoreSeconds;
    private volatile double seconds;
    private volatile double busiestSecond;

    private ForeignLoad() {
        sampler = Thread.ofPlatform().name("bench-foreign-load").daemon().start(this::sample);
    }

    public static ForeignLoad watch() {
        return new ForeignLoad();
    }

    private void sample() {
        long self = ProcessHandle.current().pid();
        Map<Long, Double> ownCpu = ownCpu(self);
        double machine = ProcessStats.machineBusySeconds();
        long t = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(1_000_000_000L);
            Map<Long, Double> ownNow = ownCpu(self);
            double machineNow = ProcessStats.machineBusySeconds();
            long now = System.nanoTime();
            double elapsed = (now - t) / 1e9;
            // per process, so an arm that exits (taking its CPU total with it) does not look like negative use
            double own = 0;
            for (Map.Entry<Long, Double> e : ownNow.entrySet()) {
                own += e.getValue() - ownCpu.getOrDefault(e.getKey(), 0.0);
            }
            double foreign = Math.max(0, (machineNow - machine) - own);
            totalCoreSeconds += foreign;
            seconds += elapsed;
            busiestSecond = Math.max(busiestSecond, Math.min(foreign / elapsed, Runtime.getRuntime().availableProcessors()));
            machine = machineNow;
            ownCpu = ownNow;
            t = now;
        }
    }

    private static Map<Long, Double> ownCpu(long self) {
        Map<Long, Double> cpu = new HashMap<>();
        for (long pid : ProcessStats.withDescendants(self)) {
            cpu.put(pid, ProcessStats.cpuSeconds(pid));
        }
        return cpu;
    }

    /** Average cores used by other processes over the run so far. */
    public double averageCores() {
        return seconds == 0 ? 0 : totalCoreSeconds / seconds;
    }

    public double busiestSecondCores() {
        return busiestSecond;
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
