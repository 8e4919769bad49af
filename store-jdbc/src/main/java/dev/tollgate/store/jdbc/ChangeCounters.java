package dev.tollgate.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The rows of {@code change_counters}: each moves in the transaction of every change to what it guards, and
 * nodes poll it (one row) to know when to reload their in-memory copy.
 */
final class ChangeCounters {

    /** Gateway keys, and the owner settings that ride in the key snapshot (billing, pricing group). */
    static final String KEYS = "keys";
    /** Budgets, pricing groups, billing settings, credits and redemption codes. */
    static final String LEDGER = "ledger";

    private ChangeCounters() {
    }

    static void bump(Connection c, String name) throws SQLException {
        Rows.update(c, "UPDATE change_counters SET version = version + 1 WHERE name = ?", ps -> ps.setString(1, name));
    }

    static long read(Database db, String name) {
        return db.call("reading the " + name + " version", c -> Rows.query(c,
                "SELECT version FROM change_counters WHERE name = ?", ps -> ps.setString(1, name), rs -> rs.getLong(1))
                .stream().findFirst().orElse(0L));
    }
}
