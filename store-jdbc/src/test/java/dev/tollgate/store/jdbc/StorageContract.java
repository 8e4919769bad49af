package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.Storage;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour of {@link JdbcStorage} as a whole on every backend: lifecycle, labels, migrations. */
abstract class StorageContract extends StorageTestBase {

    /** What {@link Storage#describe()} must say for {@link #database}. */
    protected abstract String expectedDescription();

    @Test
    void isReachableWhileOpen() {
        assertThat(storage.isReachable()).isTrue();
    }

    @Test
    void describeNamesTheDatabaseWithoutCredentials() {
        assertThat(storage.describe()).isEqualTo(expectedDescription()).doesNotContain("password");
        assertThat(storage.toString()).contains(expectedDescription());
    }

    @Test
    void migrationsCreateAllTables() throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("organizations", "teams", "users", "api_keys", "usage_events")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    assertThat(rs.next()).as(table).isTrue();
                }
            }
        }
    }

    @Test
    void reopeningTheSameDatabaseRerunsNoMigrationAndKeepsData() throws SQLException {
        storage.keys().create(KeyStoreContract.key("k1"));
        storage.usage().book(List.of(UsageStoreContract.event("r1", 1)));

        try (JdbcStorage second = JdbcStorage.open(database.url())) {
            assertThat(second.keys().find("k1")).contains(KeyStoreContract.key("k1"));
            assertThat(second.usage().count()).isEqualTo(1);
            second.usage().book(List.of(UsageStoreContract.event("r2", 2)));
        }
        try (JdbcStorage third = JdbcStorage.open(database.url())) {
            assertThat(third.usage().count()).isEqualTo(2);
        }

        assertThat(storage.usage().count()).isEqualTo(2);
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history "
                     + "WHERE version IS NOT NULL ORDER BY installed_rank")) {
            java.util.List<String> applied = new java.util.ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean("success")).isTrue();
                applied.add(rs.getString("version"));
            }
            assertThat(applied).as("each versioned migration applied exactly once")
                    .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13", "17");
        }
    }

    @Test
    void aClosedStorageIsUnreachableAndFailsCleanly() {
        JdbcStorage other = JdbcStorage.open(database.url());
        assertThat(other.isReachable()).isTrue();

        other.close();
        other.close();

        assertThat(other.isReachable()).isFalse();
        assertThatThrownBy(() -> other.usage().count())
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(expectedDescription());
        assertThat(storage.isReachable()).isTrue();
    }
}
