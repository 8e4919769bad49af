package dev.tollgate.store.jdbc;

import com.zaxxer.hikari.HikariConfig;

import java.sql.SQLException;

/**
 * The few things that differ between the supported databases. Everything else, including the idempotent
 * {@code INSERT ... ON CONFLICT (request_id) DO NOTHING}, is plain SQL shared by both. Column types differ
 * too, but those live in the per-dialect Flyway migrations under {@link #migrationLocation()}.
 */
sealed interface Dialect permits SqliteDialect, PostgresDialect {

    /** Short lower-case name, also the URL scheme: {@code sqlite} or {@code postgresql}. */
    String name();

    /** Classpath folder holding this dialect's Flyway migrations. */
    default String migrationLocation() {
        return "db/migration/" + name();
    }

    /** Pool settings and driver properties for a connection to {@code spec}. */
    HikariConfig poolConfig(ConnectionSpec spec);

    /** Whether {@code e} reports a violated unique or primary-key constraint. */
    boolean isUniqueViolation(SQLException e);
}
