package dev.tollgate.bench.arms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every arm needs to start: where the JDK and the build are, a scratch directory, the simulator to
 * proxy to, the model names the scenarios will ask for, and the JVM flags Tollgate runs with.
 *
 * @param javaHome       the JDK that runs the JVM arms (its {@code jcmd} reads their heap)
 * @param classPath      class path holding the server and the simulator
 * @param repoRoot       the Tollgate checkout (for its git commit)
 * @param workDir        scratch directory for configs, databases and logs; deleted by the caller
 * @param upstreamUrl    the simulator's OpenAI base URL, {@code http://127.0.0.1:port/v1}
 * @param upstreamKey    the key clients send to the simulator (any non-empty value works)
 * @param models         model names the scenarios send, which the Tollgate configs must route
 * @param tollgateFlags  JVM flags of the Tollgate arms
 * @param cacheDir       where peers installed from npm are kept between runs
 */
public record ArmSetup(Path javaHome, String classPath, Path repoRoot, Path workDir, String upstreamUrl,
                       String upstreamKey, List<String> models, List<String> tollgateFlags, Path cacheDir) {

    public ArmSetup {
        models = List.copyOf(models);
        tollgateFlags = List.copyOf(tollgateFlags);
    }

    /** The same setup with more JVM flags for the Tollgate arms (e.g. for profiling). */
    public ArmSetup withExtraTollgateFlags(List<String> extra) {
        List<String> flags = new ArrayList<>(tollgateFlags);
        flags.addAll(extra);
        return new ArmSetup(javaHome, classPath, repoRoot, workDir, upstreamUrl, upstreamKey, models, flags, cacheDir);
    }

    public String javaBinary() {
        return javaHome.resolve("bin/java").toString();
    }
}
