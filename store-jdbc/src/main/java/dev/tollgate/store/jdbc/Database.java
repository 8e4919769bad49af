package dev.tollgate.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The pool plus helpers that run JDBC work and turn {@link SQLException}s into {@link StorageException}s. */
final class Database {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final ConnectionSpec spec;
    private final HikariDataSource pool;

    Database(ConnectionSpec spec, HikariDataSource pool) {
        this.spec = spec;
        this.pool = pool;
    }

    HikariDataSource pool() {
        return pool;
    }

    ConnectionSpec spec() {
        return spec;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    <T> T call(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. The pool
     * restores auto-commit when the connection is returned.
     */
    <T> T transaction(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    StorageException failure(String what, Exception e) {
        boolean conflict = e instanceof SQLException sql && spec.dialect().isUniqueViolation(sql);
        return new StorageException(message(spec, what, e), e, conflict);
    }

    static String message(ConnectionSpec spec, String what, Throwable e) {
        StringBuilder detail = new StringBuilder();
        for (Throwable t = e; t != null && detail.length() < 1000; t = t.getCause()) {
            if (t.getMessage() != null && !detail.toString().contains(t.getMessage())) {
                detail.append(detail.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        return spec.redact(what + " failed on " + spec.description() + ": "
                + (detail.isEmpty() ? e.getClass().getSimpleName() : detail));
    }

    /** {@code getLong} that keeps SQL NULL apart from zero. */
    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
