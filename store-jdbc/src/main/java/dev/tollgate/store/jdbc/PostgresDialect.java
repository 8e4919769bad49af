package dev.tollgate.store.jdbc;

import com.zaxxer.hikari.HikariConfig;

import java.sql.SQLException;

/** PostgreSQL: a small pool (4), 5 s to get a connection, batched inserts rewritten to multi-row form. */
final class PostgresDialect implements Dialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();

    private static final String UNIQUE_VIOLATION = "23505";

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public HikariConfig poolConfig(ConnectionSpec spec) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("tollgate-postgresql");
        // The JDBC URL never carries the password; it is handed to the pool separately.
        config.setJdbcUrl(spec.jdbcUrl());
        if (spec.user() != null) {
            config.setUsername(spec.user());
        }
        if (spec.password() != null) {
            config.setPassword(spec.password());
        }
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "tollgate");
        return config;
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
