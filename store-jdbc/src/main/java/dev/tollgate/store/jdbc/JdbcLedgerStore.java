package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.Budget;
import dev.tollgate.spi.store.LedgerStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LedgerStore} on tables {@code budgets}, {@code users} (billing) and {@code credit_entries} (V9). Each
 * budget change writes its audit entry and bumps the {@code ledger} change counter in one transaction.
 * Alert thresholds are kept as a JSON array of integers. Thread-safe, blocking.
 */
final class JdbcLedgerStore implements LedgerStore {

    private static final String COLUMNS = "id, scope_kind, scope_id, amount_nano_usd, period, time_zone, enforcement, "
            + "alert_thresholds, webhook_url, created_at, updated_at";

    private final Database db;

    JdbcLedgerStore(Database db) {
        this.db = db;
    }

    @Override
    public long version() {
        return db.call("reading the ledger version", c -> Rows.query(c,
                "SELECT version FROM change_counters WHERE name = 'ledger'", ps -> { }, rs -> rs.getLong(1))
                .stream().findFirst().orElse(0L));
    }

    @Override
    public List<Budget> loadBudgets() {
        return db.call("loading budgets", c -> Rows.query(c, "SELECT " + COLUMNS + " FROM budgets ORDER BY id",
                ps -> { }, JdbcLedgerStore::read));
    }

    @Override
    public Map<String, Long> prepaidCredits() {
        return db.call("loading prepaid balances", c -> {
            Map<String, Long> out = new HashMap<>();
            Rows.query(c, "SELECT u.id, COALESCE((SELECT SUM(e.amount_nano_usd) FROM credit_entries e "
                            + "WHERE e.user_id = u.id), 0) FROM users u WHERE u.billing = 'prepaid'", ps -> { },
                    rs -> out.put(rs.getString(1), rs.getLong(2)));
            return out;
        });
    }

    @Override
    public Optional<Budget> findBudget(String id) {
        return db.call("reading budget " + id, c -> Rows.query(c, "SELECT " + COLUMNS + " FROM budgets WHERE id = ?",
                ps -> ps.setString(1, id), JdbcLedgerStore::read).stream().findFirst());
    }

    @Override
    public void createBudget(Budget b, AuditEntry audit) {
        db.transaction("creating budget " + b.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO budgets (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, b.id());
                ps.setString(2, b.scopeKind());
                ps.setString(3, b.scopeId());
                bindSettings(ps, 4, b);
                ps.setLong(10, b.createdAt().toEpochMilli());
                ps.setLong(11, b.updatedAt().toEpochMilli());
                ps.executeUpdate();
            }
            changed(c, audit);
            return null;
        });
    }

    @Override
    public boolean updateBudget(Budget b, AuditEntry audit) {
        return db.transaction("updating budget " + b.id(), c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE budgets SET amount_nano_usd = ?, period = ?, "
                    + "time_zone = ?, enforcement = ?, alert_thresholds = ?, webhook_url = ?, updated_at = ? WHERE id = ?")) {
                bindSettings(ps, 1, b);
                ps.setLong(7, b.updatedAt().toEpochMilli());
                ps.setString(8, b.id());
                n = ps.executeUpdate();
            }
            if (n == 0) {
                return false;
            }
            changed(c, audit);
            return true;
        });
    }

    @Override
    public boolean deleteBudget(String id, AuditEntry audit) {
        return db.transaction("deleting budget " + id, c -> {
            if (Rows.update(c, "DELETE FROM budgets WHERE id = ?", ps -> ps.setString(1, id)) == 0) {
                return false;
            }
            changed(c, audit);
            return true;
        });
    }

    /** amount, period, time zone, enforcement, thresholds, webhook: six parameters from {@code at}. */
    private static void bindSettings(PreparedStatement ps, int at, Budget b) throws SQLException {
        ps.setLong(at, b.amountNanoUsd());
        ps.setString(at + 1, b.period());
        ps.setString(at + 2, b.timeZone());
        ps.setString(at + 3, b.hard() ? "hard" : "soft");
        ps.setString(at + 4, JsonText.write(b.alertThresholds()));
        ps.setString(at + 5, b.webhookUrl());
    }

    private static void changed(Connection c, AuditEntry audit) throws SQLException {
        JdbcAuditStore.append(c, audit);
        Rows.update(c, "UPDATE change_counters SET version = version + 1 WHERE name = 'ledger'", ps -> { });
    }

    private static Budget read(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        List<Integer> thresholds = JsonText.list(rs.getString("alert_thresholds"), "budget " + id).stream()
                .map(Integer::valueOf).toList();
        return new Budget(id, rs.getString("scope_kind"), rs.getString("scope_id"), rs.getLong("amount_nano_usd"),
                rs.getString("period"), rs.getString("time_zone"), "hard".equals(rs.getString("enforcement")),
                thresholds, rs.getString("webhook_url"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
