package dev.tollgate.bench.run;

import dev.tollgate.bench.arms.Arm;
import dev.tollgate.bench.load.ProcessStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * When a JVM arm stops answering (most requests of a measurement time out), keeps a thread dump of it
 * under {@code bench/target/bench-diagnostics/}, so the report can point at what its event loops were doing.
 */
public final class StallDiagnostics {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private StallDiagnostics() {
    }

    /** Returns where the dump went, or null when the arm did not stall or is not a JVM. */
    public static Path captureIfStalled(BenchSession session, Arm arm, long timeouts, long total) {
        if (arm.jvmPid().isEmpty() || total == 0 || timeouts * 2 < total) {
            return null;
        }
        try {
            Path dir = session.settings().repoRoot().resolve("bench/target/bench-diagnostics");
            Files.createDirectories(dir);
            Path file = dir.resolve(arm.kind().id() + "-" + LocalDateTime.now().format(STAMP) + ".threads.txt");
            Files.writeString(file, ProcessStats.run(session.javaHome().resolve("bin/jcmd").toString(),
                    Long.toString(arm.jvmPid().getAsLong()), "Thread.print"));
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
