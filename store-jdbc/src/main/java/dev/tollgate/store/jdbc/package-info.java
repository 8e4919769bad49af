/**
 * JDBC storage for Tollgate: {@link dev.tollgate.store.jdbc.JdbcStorage} implements the SPI
 * {@link dev.tollgate.spi.store.Storage} on SQLite or PostgreSQL, with Flyway migrations under
 * {@code db/migration/sqlite} and {@code db/migration/postgresql}. Failures surface as the unchecked
 * {@link dev.tollgate.store.jdbc.StorageException}.
 */
package dev.tollgate.store.jdbc;
