package dev.tollgate.server;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * How to start a gateway process.
 *
 * @param configFile   the YAML configuration (watched for changes)
 * @param portOverride a port that wins over the file's {@code server.port}, or null
 * @param adminKey     the bootstrap admin key guarding {@code /admin/v1}
 * @param env          environment lookup for {@code ${VAR}} in the configuration
 * @param reloadPeriodMs how often the configuration file is checked for changes
 * @param dataDir      the gateway's own files (the usage spool when the database is not a SQLite file beside them)
 */
public record GatewayOptions(Path configFile, Integer portOverride, String adminKey,
                             Function<String, String> env, long reloadPeriodMs, Path dataDir) {

    /** With the data directory {@code ./data}, as {@code tollgate run} uses. */
    public GatewayOptions(Path configFile, Integer portOverride, String adminKey, Function<String, String> env,
                          long reloadPeriodMs) {
        this(configFile, portOverride, adminKey, env, reloadPeriodMs, Path.of("data"));
    }
}
