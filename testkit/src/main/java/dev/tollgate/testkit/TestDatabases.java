package dev.tollgate.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real databases tests run against. PostgreSQL comes from {@code TOLLGATE_TEST_PG_URL}, set by
 * {@code ./tollgate test} after it started a scratch server; each caller gets a database of its own.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /** True when a PostgreSQL server is available; fails loudly if the test script promised one. */
    public static boolean postgresAvailable() {
        String url = System.getenv("TOLLGATE_TEST_PG_URL");
        if ((url == null || url.isBlank()) && "1".equals(System.getenv("TOLLGATE_TEST_REQUIRE_SERVICES"))) {
            throw new IllegalStateException("TOLLGATE_TEST_PG_URL is not set but TOLLGATE_TEST_REQUIRE_SERVICES=1:"
                    + " run the tests with ./tollgate test");
        }
        return url != null && !url.isBlank();
    }

    /** Creates an empty database on the test server and returns its {@code postgresql://} URL. */
    public static String freshPostgres() {
        String base = System.getenv("TOLLGATE_TEST_PG_URL");
        String name = "tollgate_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(jdbc(base)); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return base.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    /** postgresql://host:port/db?user=u → jdbc:postgresql://host:port/db?user=u */
    public static String jdbc(String url) {
        return url.startsWith("jdbc:") ? url : "jdbc:" + url.replaceFirst("^postgres(ql)?://", "postgresql://");
    }
}
