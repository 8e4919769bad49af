package dev.tollgate.bench.arms;

import dev.tollgate.bench.load.ProcessStats;

import java.nio.file.Path;

/** The JDK's vendor and version, from {@code java -version}. */
public final class JdkInfo {

    private JdkInfo() {
    }

    public static String describe(Path javaHome) {
        String out = ProcessStats.run(javaHome.resolve("bin/java").toString(), "-version");
        // e.g. 'OpenJDK Runtime Environment Temurin-25+36 (build 25+36-LTS)': the second line names vendor and build
        String[] lines = out.strip().split("\n");
        return lines.length > 1 ? lines[1].trim() : out.strip();
    }
}
