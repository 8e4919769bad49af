package dev.tollgate.server.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the admin API is and how to authenticate, shared by every {@code tollgate admin} command. */
public final class AdminOptions {

    @Option(names = "--url", defaultValue = "${env:TOLLGATE_URL:-http://127.0.0.1:8080}",
            description = "The gateway's base URL (default: TOLLGATE_URL, else ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--admin-key", defaultValue = "${env:TOLLGATE_ADMIN_KEY}",
            description = "The admin key (default: TOLLGATE_ADMIN_KEY, else the contents of data/admin-key).")
    String adminKey;

    @Option(names = "--json", description = "Print the API's JSON answer as it is.")
    boolean json;

    /** The key from the option or environment, else the one `tollgate run` generated into data/admin-key. */
    String adminKey() throws IOException {
        if (adminKey != null && !adminKey.isBlank()) {
            return adminKey.trim();
        }
        Path file = Path.of("data", "admin-key");
        if (Files.isReadable(file)) {
            return Files.readString(file).trim();
        }
        throw new IllegalArgumentException("no admin key: pass --admin-key, set TOLLGATE_ADMIN_KEY, or run from the "
                + "directory whose data/admin-key the gateway wrote");
    }
}
