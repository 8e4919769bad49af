package dev.tollgate.store.jdbc;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteStorageTest extends StorageContract {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabases.sqlite();
    }

    @Override
    protected String expectedDescription() {
        return database.url();
    }

    @Test
    void connectionsUseWalBusyTimeoutAndForeignKeys() throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThat(pragma(s, "journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(pragma(s, "busy_timeout")).isEqualTo("5000");
            assertThat(pragma(s, "synchronous")).isEqualTo("1"); // NORMAL
            assertThat(pragma(s, "foreign_keys")).isEqualTo("1");
            assertThatThrownBy(() -> s.executeUpdate(
                    "INSERT INTO teams (id, org_id, name, created_at) VALUES ('t1', 'no-such-org', 'x', 0)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("FOREIGN KEY");
        }
    }

    @Test
    void relativePathsResolveAgainstTheWorkingDirectoryAndParentsAreCreated() {
        String relative = "target/sqlite-test-" + UUID.randomUUID() + "/nested/dir/tollgate.db";
        Path file = Path.of("").toAbsolutePath().resolve(relative);
        try (JdbcStorage s = JdbcStorage.open("sqlite:" + relative)) {
            assertThat(s.describe()).isEqualTo("sqlite:" + relative);
            assertThat(s.isReachable()).isTrue();
            assertThat(file).isRegularFile();
        } finally {
            TestDatabases.deleteRecursively(file.getParent().getParent().getParent());
        }
    }

    @Test
    void jdbcSqliteUrlsAreAccepted() {
        Path file = Path.of(database.url().substring("sqlite:".length()));
        try (JdbcStorage s = JdbcStorage.open("jdbc:sqlite:" + file)) {
            assertThat(s.describe()).isEqualTo("sqlite:" + file);
            assertThat(s.usage().count()).isZero();
        }
        assertThat(Files.exists(file)).isTrue();
    }

    private static String pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
