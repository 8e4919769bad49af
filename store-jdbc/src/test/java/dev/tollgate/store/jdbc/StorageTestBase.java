package dev.tollgate.store.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One database per test class, opened once; every test starts from empty tables (except the append-only audit log). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageTestBase {

    protected TestDatabase database;
    protected JdbcStorage storage;

    protected abstract TestDatabase createDatabase();

    @BeforeAll
    final void openStorage() {
        database = createDatabase();
        storage = JdbcStorage.open(database.url());
    }

    @BeforeEach
    final void emptyTables() throws SQLException {
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM usage_events");
            s.executeUpdate("DELETE FROM usage_rollups_hourly");
            s.executeUpdate("DELETE FROM api_keys");
            s.executeUpdate("DELETE FROM admin_keys");
            s.executeUpdate("DELETE FROM idempotent_requests");
            s.executeUpdate("DELETE FROM redemption_codes");
            emptyCreditEntries(s);
            s.executeUpdate("DELETE FROM users");
            s.executeUpdate("DELETE FROM pricing_groups");
            s.executeUpdate("DELETE FROM teams");
            s.executeUpdate("DELETE FROM organizations");
            // audit_log refuses deletes by design; tests tell their entries apart by unique ids instead
        }
    }

    /**
     * credit_entries refuses deletes by design (row triggers), and its rows reference users. PostgreSQL's TRUNCATE
     * fires no row trigger; SQLite has none, so there the entries stay and the users go with foreign keys off for
     * the moment (tests use fresh user ids, so leftovers never count).
     */
    private void emptyCreditEntries(Statement s) throws SQLException {
        if (database.url().startsWith("sqlite:")) {
            s.execute("PRAGMA foreign_keys = OFF");
            s.executeUpdate("DELETE FROM users");
            s.execute("PRAGMA foreign_keys = ON");
        } else {
            s.executeUpdate("TRUNCATE credit_entries");
        }
    }

    @AfterAll
    final void closeStorage() {
        try {
            if (storage != null) {
                storage.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }
}
