package dev.tollgate.bench.arms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags of the Tollgate arms: the launcher's ({@code ./tollgate run}), so the benchmark measures
 * what users run. {@code TOLLGATE_JAVA_OPTS} replaces the defaults, as it does for the launcher.
 */
public final class JvmFlags {

    /** Same defaults as the launcher's run_java. */
    public static final String LAUNCHER_DEFAULTS = "-XX:+UseZGC -Xms64m -XX:ZCollectionInterval=5 -XX:ZUncommitDelay=10 -XX:+ExitOnOutOfMemoryError";

    private JvmFlags() {
    }

    public static List<String> tollgate(String tollgateJavaOpts) {
        List<String> flags = new ArrayList<>();
        flags.add("--enable-native-access=ALL-UNNAMED");
        String opts = tollgateJavaOpts == null || tollgateJavaOpts.isBlank() ? LAUNCHER_DEFAULTS : tollgateJavaOpts;
        flags.addAll(Arrays.asList(opts.trim().split("\\s+")));
        return flags;
    }
}
