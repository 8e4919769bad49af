package dev.tollgate.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of a test's own, for tests that stop and start the database (the shared test server must
 * stay up for the others). Created with {@code initdb} in a temporary directory owned by the {@code postgres}
 * user and run with {@code pg_ctl} as that user (through {@code runuser}, so the test JVM runs as root, as
 * {@code ./tollgate test} and CI do), on a free loopback port with its socket in that directory.
 */
public final class ScratchPostgres implements AutoCloseable {

    private final Path dir;
    private final int port;
    private boolean running;

    private ScratchPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** True when {@code initdb} and {@code pg_ctl} are on the PATH. */
    public static boolean available() {
        return onPath("initdb") && onPath("pg_ctl") && onPath("runuser");
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Initialises a cluster and starts it. */
    public static ScratchPostgres start() {
        try {
            Path dir = Files.createTempDirectory("tollgate-pg");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            run(List.of("chown", "postgres", dir.toString()));
            run(List.of("runuser", "-u", "postgres", "--", "initdb", "-D", dir.resolve("data").toString(), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8"));
            ScratchPostgres pg = new ScratchPostgres(dir, freePort());
            pg.resume();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code postgresql://127.0.0.1:<port>/postgres?user=postgres} */
    public String url() {
        return "postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** Creates an empty database on this server and returns its URL. */
    public String freshDatabase() {
        String name = "tollgate_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(TestDatabases.jdbc(url()));
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create a database: " + e.getMessage(), e);
        }
        return url().replace("/postgres?", "/" + name + "?");
    }

    /** Starts the server again (after {@link #halt}); returns once it accepts connections. */
    public void resume() {
        run(List.of("runuser", "-u", "postgres", "--", "pg_ctl", "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("log").toString(), "-w", "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        running = true;
    }

    /** Starts the server if it is halted (e.g. a test that halted it failed before starting it again). */
    public void ensureRunning() {
        if (!running) {
            resume();
        }
    }

    /** Stops the server (fast shutdown: open connections are cut). */
    public void halt() {
        run(List.of("runuser", "-u", "postgres", "--", "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast",
                "-w", "stop"));
        running = false;
    }

    @Override
    public void close() {
        if (running) {
            halt();
        }
        run(List.of("rm", "-rf", dir.toString()));
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
