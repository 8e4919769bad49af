package dev.tollgate.bench.profile;

import dev.tollgate.bench.load.ProcessStats;

import java.nio.file.Path;

/** Records a running JVM with Java Flight Recorder (profile settings, 1 ms sampling) while an action runs, via {@code jcmd}. */
public final class JfrRecording {

    private static final String NAME = "tollgate-bench";

    private JfrRecording() {
    }

    /** Starts a recording, runs {@code during}, stops it into {@code file}; returns the file. */
    public static Path record(long pid, Path javaHome, Path file, Runnable during) {
        String jcmd = javaHome.resolve("bin/jcmd").toString();
        // method-profiling=max samples every millisecond (profile's default is 10 ms): enough samples in seconds
        String started = ProcessStats.run(jcmd, Long.toString(pid), "JFR.start", "name=" + NAME, "settings=profile",
                "method-profiling=max");
        if (!started.contains("Started recording")) {
            throw new IllegalStateException("JFR.start failed: " + started.strip());
        }
        try {
            during.run();
        } finally {
            ProcessStats.run(jcmd, Long.toString(pid), "JFR.stop", "name=" + NAME, "filename=" + file);
        }
        return file;
    }
}
