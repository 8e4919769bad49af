package dev.tollgate.bench.report;

import dev.tollgate.bench.load.ProcessStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run happened on, from /proc and uname: what a reader needs to weigh the numbers. */
public record MachineInfo(int cores, String cpuModel, long memoryBytes, String kernel, String uname) {

    public static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryBytes(),
                read("/proc/sys/kernel/osrelease").trim(), ProcessStats.run("uname", "-a").trim());
    }

    private static String readCpuModel() {
        return read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    }

    private static long readMemoryBytes() {
        return read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(0L);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
