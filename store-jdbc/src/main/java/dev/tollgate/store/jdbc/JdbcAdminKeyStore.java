package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AdminKey;
import dev.tollgate.spi.store.AdminKeyStore;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.Ownership;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link AdminKeyStore} on table {@code admin_keys}. Thread-safe, blocking. */
final class JdbcAdminKeyStore implements AdminKeyStore {

    private static final String COLUMNS = "id, name, key_hash, key_prefix, role, org_id, team_id, user_id, "
            + "created_at, revoked_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM admin_keys";

    private final Database db;

    JdbcAdminKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public void create(AdminKey key, AuditEntry audit) {
        db.transaction("creating admin key " + key.id(), c -> {
            Rows.update(c, "INSERT INTO admin_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, key.id());
                ps.setString(2, key.name());
                ps.setString(3, key.hash());
                ps.setString(4, key.prefix());
                ps.setString(5, key.role().wireName());
                ps.setString(6, key.orgId());
                ps.setString(7, key.teamId());
                ps.setString(8, key.userId());
                ps.setLong(9, key.createdAt().toEpochMilli());
                Rows.setInstant(ps, 10, key.revokedAt());
            });
            JdbcAuditStore.append(c, audit);
            return null;
        });
    }

    @Override
    public Optional<AdminKey> find(String id) {
        return db.call("finding admin key " + id, c -> Rows.query(c, SELECT + " WHERE id = ?",
                ps -> ps.setString(1, id), JdbcAdminKeyStore::read).stream().findFirst());
    }

    @Override
    public Optional<AdminKey> findActiveByHash(String hash) {
        return db.call("authenticating an admin key", c -> Rows.query(c,
                SELECT + " WHERE key_hash = ? AND revoked_at IS NULL", ps -> ps.setString(1, hash),
                JdbcAdminKeyStore::read).stream().findFirst());
    }

    @Override
    public List<AdminKey> page(Ownership scope, String afterId, int limit) {
        Where where = new Where().equal("org_id", scope.orgId()).equal("team_id", scope.teamId())
                .equal("user_id", scope.userId()).condition("id > ?", afterId);
        return db.call("listing admin keys", c -> Rows.query(c, SELECT + where.sql() + " ORDER BY id LIMIT ?",
                ps -> ps.setInt(where.bind(ps, 1), limit), JdbcAdminKeyStore::read));
    }

    @Override
    public boolean revoke(String id, Instant at, AuditEntry audit) {
        return db.transaction("revoking admin key " + id, c -> {
            // COALESCE keeps the first revocation time when the key is already revoked.
            int changed = Rows.update(c, "UPDATE admin_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", ps -> {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, id);
            });
            if (changed == 0) {
                return false;
            }
            JdbcAuditStore.append(c, audit);
            return true;
        });
    }

    private static AdminKey read(ResultSet rs) throws SQLException {
        return new AdminKey(rs.getString("id"), rs.getString("name"), rs.getString("key_hash"),
                rs.getString("key_prefix"), AdminRole.fromWireName(rs.getString("role")), rs.getString("org_id"),
                rs.getString("team_id"), rs.getString("user_id"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Rows.instant(rs, "revoked_at"));
    }
}
