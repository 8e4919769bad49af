package dev.tollgate.store.jdbc;

import com.zaxxer.hikari.HikariConfig;

import java.sql.SQLException;

/**
 * SQLite: one pooled connection (SQLite admits a single writer anyway), WAL journal so readers in other
 * processes do not block, {@code busy_timeout} 5 s, {@code synchronous=NORMAL} (durable at checkpoints,
 * never corrupt) and foreign keys enforced.
 */
final class SqliteDialect implements Dialect {

    static final SqliteDialect INSTANCE = new SqliteDialect();

    /** SQLITE_CONSTRAINT; the extended codes for UNIQUE (2067) and PRIMARY KEY (1555) share its low byte. */
    private static final int SQLITE_CONSTRAINT = 19;

    private SqliteDialect() {
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public HikariConfig poolConfig(ConnectionSpec spec) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("tollgate-sqlite");
        config.setJdbcUrl(spec.jdbcUrl());
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        // Callers queue for the single connection; SQLite statements are short, so wait a while.
        config.setConnectionTimeout(15_000);
        // sqlite-jdbc applies these as PRAGMAs on every new connection.
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("busy_timeout", "5000");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("foreign_keys", "true");
        return config;
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() & 0xff) == SQLITE_CONSTRAINT) {
                String message = String.valueOf(sql.getMessage());
                if (message.contains("UNIQUE") || message.contains("PRIMARY KEY")) {
                    return true;
                }
            }
        }
        return false;
    }
}
