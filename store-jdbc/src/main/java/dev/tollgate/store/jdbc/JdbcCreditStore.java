package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.Balance;
import dev.tollgate.spi.store.CreditEntry;
import dev.tollgate.spi.store.CreditStore;
import dev.tollgate.spi.store.Redemption;
import dev.tollgate.spi.store.RedemptionBatch;
import dev.tollgate.spi.store.RedemptionCode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link CreditStore} on tables {@code credit_entries} (append-only, enforced by triggers) and
 * {@code redemption_codes}. A balance is summed from the entries and the booked usage events' charges each time it
 * is asked for: the admin and customer APIs ask rarely, and a sum cannot drift from its parts.
 *
 * <p>Redemption is single use without a lock of our own: the conditional {@code UPDATE … WHERE redeemed_at IS
 * NULL …} takes the row lock on PostgreSQL (a second redeemer waits, then finds the condition false and updates
 * nothing), and SQLite has one writer connection. Thread-safe, blocking.
 */
final class JdbcCreditStore implements CreditStore {

    private static final String ENTRY_COLUMNS = "id, user_id, amount_nano_usd, kind, reference, actor, created_at";
    private static final String CODE_COLUMNS = "id, batch_id, code_hash, code_prefix, amount_nano_usd, created_at, "
            + "expires_at, redeemed_at, redeemed_by, revoked_at";
    private static final String BATCH_SELECT = "SELECT batch_id, MIN(amount_nano_usd) AS amount, COUNT(*) AS total, "
            + "COUNT(redeemed_at) AS redeemed, COUNT(revoked_at) AS revoked, MIN(created_at) AS created, "
            + "MIN(expires_at) AS expires FROM redemption_codes";

    private final Database db;

    JdbcCreditStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean add(CreditEntry entry, AuditEntry audit, boolean floorAtZero) {
        return db.transaction("adding credit " + entry.id(), c -> {
            if (floorAtZero && entry.amountNanoUsd() < 0) {
                lockUser(c, entry.userId());
                Balance before = balance(c, entry.userId());
                if (before.balanceNanoUsd() + entry.amountNanoUsd() < 0) {
                    return false;
                }
            }
            insert(c, entry);
            ChangeCounters.bump(c, ChangeCounters.LEDGER);
            JdbcAuditStore.append(c, audit);
            return true;
        });
    }

    /** Serialises balance-checked changes of one user on PostgreSQL; SQLite's single writer does it anyway. */
    private void lockUser(Connection c, String userId) throws SQLException {
        if (db.spec().dialect() instanceof PostgresDialect) {
            Rows.query(c, "SELECT id FROM users WHERE id = ? FOR UPDATE", ps -> ps.setString(1, userId), rs -> null);
        }
    }

    private static void insert(Connection c, CreditEntry entry) throws SQLException {
        Rows.update(c, "INSERT INTO credit_entries (" + ENTRY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, entry.id());
            ps.setString(2, entry.userId());
            ps.setLong(3, entry.amountNanoUsd());
            ps.setString(4, entry.kind().wireName());
            ps.setString(5, entry.reference());
            ps.setString(6, entry.actor());
            ps.setLong(7, entry.createdAt().toEpochMilli());
        });
    }

    @Override
    public List<CreditEntry> page(String userId, String afterId, int limit) {
        Where where = new Where().equal("user_id", userId).condition("id > ?", afterId);
        return db.call("listing credits of " + userId, c -> Rows.query(c, "SELECT " + ENTRY_COLUMNS
                        + " FROM credit_entries" + where.sql() + " ORDER BY id LIMIT ?",
                ps -> ps.setInt(where.bind(ps, 1), limit), JdbcCreditStore::entry));
    }

    @Override
    public Balance balance(String userId) {
        return db.call("reading the balance of " + userId, c -> balance(c, userId));
    }

    private static Balance balance(Connection c, String userId) throws SQLException {
        long credits = sum(c, "SELECT COALESCE(SUM(amount_nano_usd), 0) FROM credit_entries WHERE user_id = ?", userId);
        long charged = sum(c, "SELECT COALESCE(SUM(charge_nano_usd), 0) FROM usage_events WHERE user_id = ?", userId);
        return new Balance(userId, credits, charged);
    }

    private static long sum(Connection c, String sql, String userId) throws SQLException {
        return Rows.query(c, sql, ps -> ps.setString(1, userId), rs -> rs.getLong(1)).getFirst();
    }

    @Override
    public void createCodes(List<RedemptionCode> codes, AuditEntry audit) {
        db.transaction("creating " + codes.size() + " redemption codes", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO redemption_codes (" + CODE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (RedemptionCode code : codes) {
                    ps.setString(1, code.id());
                    ps.setString(2, code.batchId());
                    ps.setString(3, code.hash());
                    ps.setString(4, code.prefix());
                    ps.setLong(5, code.amountNanoUsd());
                    ps.setLong(6, code.createdAt().toEpochMilli());
                    Rows.setInstant(ps, 7, code.expiresAt());
                    Rows.setInstant(ps, 8, code.redeemedAt());
                    ps.setString(9, code.redeemedBy());
                    Rows.setInstant(ps, 10, code.revokedAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            ChangeCounters.bump(c, ChangeCounters.LEDGER);
            JdbcAuditStore.append(c, audit);
            return null;
        });
    }

    @Override
    public Redemption redeem(String codeHash, String userId, String actor, String entryId, Instant now,
                             AuditEntry audit) {
        return db.transaction("redeeming a code", c -> {
            int won = Rows.update(c, "UPDATE redemption_codes SET redeemed_at = ?, redeemed_by = ? WHERE code_hash = ? "
                    + "AND redeemed_at IS NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)", ps -> {
                        ps.setLong(1, now.toEpochMilli());
                        ps.setString(2, userId);
                        ps.setString(3, codeHash);
                        ps.setLong(4, now.toEpochMilli());
                    });
            List<RedemptionCode> found = Rows.query(c, "SELECT " + CODE_COLUMNS + " FROM redemption_codes "
                    + "WHERE code_hash = ?", ps -> ps.setString(1, codeHash), JdbcCreditStore::code);
            if (won == 0) {
                return Redemption.refused(whyNot(found, now));
            }
            RedemptionCode code = found.getFirst();
            CreditEntry entry = new CreditEntry(entryId, userId, code.amountNanoUsd(), CreditEntry.Kind.REDEMPTION,
                    code.id(), actor, now);
            insert(c, entry);
            ChangeCounters.bump(c, ChangeCounters.LEDGER);
            JdbcAuditStore.append(c, audit);
            return new Redemption(Redemption.Outcome.REDEEMED, entry);
        });
    }

    private static Redemption.Outcome whyNot(List<RedemptionCode> found, Instant now) {
        if (found.isEmpty()) {
            return Redemption.Outcome.UNKNOWN;
        }
        RedemptionCode code = found.getFirst();
        if (code.redeemedAt() != null) {
            return Redemption.Outcome.ALREADY_REDEEMED;
        }
        if (code.revokedAt() != null) {
            return Redemption.Outcome.REVOKED;
        }
        return Redemption.Outcome.EXPIRED;
    }

    @Override
    public List<RedemptionBatch> pageBatches(String afterBatchId, int limit) {
        Where where = new Where().condition("batch_id > ?", afterBatchId);
        return db.call("listing redemption batches", c -> Rows.query(c, BATCH_SELECT + where.sql()
                        + " GROUP BY batch_id ORDER BY batch_id LIMIT ?",
                ps -> ps.setInt(where.bind(ps, 1), limit), JdbcCreditStore::batch));
    }

    @Override
    public Optional<RedemptionBatch> findBatch(String batchId) {
        return db.call("finding redemption batch " + batchId, c -> Rows.query(c, BATCH_SELECT
                        + " WHERE batch_id = ? GROUP BY batch_id", ps -> ps.setString(1, batchId), JdbcCreditStore::batch)
                .stream().findFirst());
    }

    @Override
    public List<RedemptionCode> codes(String batchId) {
        return db.call("listing the codes of batch " + batchId, c -> Rows.query(c, "SELECT " + CODE_COLUMNS
                + " FROM redemption_codes WHERE batch_id = ? ORDER BY id", ps -> ps.setString(1, batchId),
                JdbcCreditStore::code));
    }

    @Override
    public int revokeUnredeemed(String batchId, Instant at, AuditEntry audit) {
        return db.transaction("revoking batch " + batchId, c -> {
            int revoked = Rows.update(c, "UPDATE redemption_codes SET revoked_at = ? WHERE batch_id = ? "
                    + "AND redeemed_at IS NULL AND revoked_at IS NULL", ps -> {
                        ps.setLong(1, at.toEpochMilli());
                        ps.setString(2, batchId);
                    });
            ChangeCounters.bump(c, ChangeCounters.LEDGER);
            JdbcAuditStore.append(c, audit);
            return revoked;
        });
    }

    private static CreditEntry entry(ResultSet rs) throws SQLException {
        return new CreditEntry(rs.getString("id"), rs.getString("user_id"), rs.getLong("amount_nano_usd"),
                CreditEntry.Kind.fromWire(rs.getString("kind")), rs.getString("reference"), rs.getString("actor"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static RedemptionCode code(ResultSet rs) throws SQLException {
        return new RedemptionCode(rs.getString("id"), rs.getString("batch_id"), rs.getString("code_hash"),
                rs.getString("code_prefix"), rs.getLong("amount_nano_usd"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Rows.instant(rs, "expires_at"), Rows.instant(rs, "redeemed_at"), rs.getString("redeemed_by"),
                Rows.instant(rs, "revoked_at"));
    }

    private static RedemptionBatch batch(ResultSet rs) throws SQLException {
        return new RedemptionBatch(rs.getString("batch_id"), rs.getLong("amount"), rs.getInt("total"),
                rs.getInt("redeemed"), rs.getInt("revoked"), Instant.ofEpochMilli(rs.getLong("created")),
                Rows.instant(rs, "expires"));
    }
}
