package dev.tollgate.store.jdbc;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Fresh databases for tests. PostgreSQL comes from {@code TOLLGATE_TEST_PG_URL}
 * ({@code postgresql://127.0.0.1:PORT/DB?user=postgres}): each call creates a database named
 * {@code tollgate_test_<random>} through that admin URL and drops it on close. Without the variable the
 * PostgreSQL tests are skipped, or fail when {@code TOLLGATE_TEST_REQUIRE_SERVICES=1}.
 */
final class TestDatabases {

    static final String PG_URL_VAR = "TOLLGATE_TEST_PG_URL";
    static final String REQUIRE_VAR = "TOLLGATE_TEST_REQUIRE_SERVICES";

    private TestDatabases() {
    }

    static TestDatabase sqlite() {
        try {
            Path dir = Files.createTempDirectory("tollgate-store-test");
            String url = "sqlite:" + dir.resolve("tollgate.db");
            return new TestDatabase() {
                @Override
                public String url() {
                    return url;
                }

                @Override
                public void close() {
                    deleteRecursively(dir);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The admin URL of the test server; skips or fails the calling test class when it is not set. */
    static String postgresAdminUrl() {
        String url = System.getenv(PG_URL_VAR);
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv(REQUIRE_VAR))) {
                Assertions.fail(PG_URL_VAR + " is not set but " + REQUIRE_VAR + "=1 requires the PostgreSQL "
                        + "tests to run: start a PostgreSQL server and set " + PG_URL_VAR
                        + "=postgresql://127.0.0.1:PORT/DB?user=postgres");
            }
            Assumptions.abort(PG_URL_VAR + " is not set; skipping PostgreSQL tests");
        }
        return url.strip();
    }

    static TestDatabase postgres() {
        String adminUrl = postgresAdminUrl();
        String name = "tollgate_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        adminExecute(adminUrl, "CREATE DATABASE " + name);
        String url = withDatabase(adminUrl, name);
        return new TestDatabase() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public void close() {
                adminExecute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        };
    }

    /** {@code url} pointing at database {@code name} instead; keeps host, credentials and parameters. */
    static String withDatabase(String url, String name) {
        int hostStart = url.indexOf("://") + 3;
        int query = url.indexOf('?', hostStart);
        int end = query >= 0 ? query : url.length();
        int slash = url.indexOf('/', Math.max(hostStart, url.lastIndexOf('@', end) + 1));
        String base = slash >= 0 && slash < end ? url.substring(0, slash) : url.substring(0, end);
        return base + "/" + name + url.substring(end);
    }

    private static void adminExecute(String adminUrl, String sql) {
        ConnectionSpec admin = ConnectionSpec.parse(adminUrl);
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test server at " + admin.description()
                    + " (from " + PG_URL_VAR + ") refused: " + sql + ": " + admin.redact(e.getMessage()), e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
