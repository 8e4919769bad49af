package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.RatePolicies;
import dev.tollgate.spi.store.KeyStore;
import dev.tollgate.spi.store.Ownership;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link KeyStore} on table {@code api_keys}. Allowed models, allowed IPs and metadata are stored as JSON
 * text; times as epoch milliseconds. Ids sort bytewise (binary collation) on both databases, which is the
 * order of {@link #page(String, int)}.
 *
 * <p>Thread-safe: every call borrows its own pooled connection. Blocking.
 */
final class JdbcKeyStore implements KeyStore {

    private static final String COLUMNS = "id, name, key_hash, key_prefix, allowed_models, org_id, team_id, user_id, "
            + "metadata, created_at, expires_at, revoked_at, enabled, allowed_ips, routing_tags, rate_limit_policy";
    private static final String INSERT = "INSERT INTO api_keys (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM api_keys";

    private final Database db;

    JdbcKeyStore(Database db) {
        this.db = db;
    }

    /** @throws StorageException with {@link StorageException#isConflict()} if the id or hash exists */
    @Override
    public void create(GatewayKey key) {
        validate(key);
        db.transaction("creating key " + key.id(), c -> {
            insert(c, key);
            bumpVersion(c);
            return null;
        });
    }

    @Override
    public void create(GatewayKey key, AuditEntry audit) {
        validate(key);
        db.transaction("creating key " + key.id(), c -> {
            insert(c, key);
            bumpVersion(c);
            JdbcAuditStore.append(c, audit);
            return null;
        });
    }

    private static void validate(GatewayKey key) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(key.id(), "key.id");
        Objects.requireNonNull(key.hash(), "key.hash");
        Objects.requireNonNull(key.prefix(), "key.prefix");
        Objects.requireNonNull(key.createdAt(), "key.createdAt");
    }

    private static int insert(Connection c, GatewayKey key) throws SQLException {
        return Rows.update(c, INSERT, ps -> {
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, key.hash());
            ps.setString(4, key.prefix());
            ps.setString(5, JsonText.write(key.allowedModels()));
            ps.setString(6, key.orgId());
            ps.setString(7, key.teamId());
            ps.setString(8, key.userId());
            ps.setString(9, JsonText.write(key.metadata()));
            ps.setLong(10, key.createdAt().toEpochMilli());
            Rows.setInstant(ps, 11, key.expiresAt());
            Rows.setInstant(ps, 12, key.revokedAt());
            ps.setBoolean(13, key.enabled());
            ps.setString(14, JsonText.write(key.allowedIps()));
            ps.setString(15, JsonText.write(key.routingTags()));
            ps.setString(16, key.ratePolicies().key());
        });
    }

    @Override
    public Optional<GatewayKey> find(String id) {
        Objects.requireNonNull(id, "id");
        return db.call("finding key " + id, c -> Rows.query(c, SELECT + " WHERE id = ?",
                ps -> ps.setString(1, id), JdbcKeyStore::read).stream().findFirst());
    }

    @Override
    public List<GatewayKey> page(String afterId, int limit) {
        return page(Ownership.ANY, afterId, limit);
    }

    @Override
    public List<GatewayKey> page(Ownership scope, String afterId, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        Where where = new Where().equal("org_id", scope.orgId()).equal("team_id", scope.teamId())
                .equal("user_id", scope.userId()).condition("id > ?", afterId);
        return db.call("listing keys", c -> Rows.query(c, SELECT + where.sql() + " ORDER BY id LIMIT ?",
                ps -> ps.setInt(where.bind(ps, 1), limit), JdbcKeyStore::read));
    }

    @Override
    public boolean revoke(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return db.transaction("revoking key " + id, c -> {
            boolean revoked = markRevoked(c, id, at) > 0;
            if (revoked) {
                bumpVersion(c);
            }
            return revoked;
        });
    }

    @Override
    public boolean revoke(String id, Instant at, AuditEntry audit) {
        return db.transaction("revoking key " + id, c -> {
            if (markRevoked(c, id, at) == 0) {
                return false;
            }
            bumpVersion(c);
            JdbcAuditStore.append(c, audit);
            return true;
        });
    }

    private static int markRevoked(Connection c, String id, Instant at) throws SQLException {
        // COALESCE keeps the first revocation time when the key is already revoked.
        return Rows.update(c, "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", ps -> {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
        });
    }

    @Override
    public boolean update(GatewayKey key, AuditEntry audit) {
        return db.transaction("updating key " + key.id(), c -> {
            int changed = Rows.update(c, "UPDATE api_keys SET name = ?, allowed_models = ?, metadata = ?, "
                    + "expires_at = ?, enabled = ?, allowed_ips = ?, routing_tags = ?, rate_limit_policy = ? WHERE id = ?",
                    ps -> {
                        ps.setString(1, key.name());
                        ps.setString(2, JsonText.write(key.allowedModels()));
                        ps.setString(3, JsonText.write(key.metadata()));
                        Rows.setInstant(ps, 4, key.expiresAt());
                        ps.setBoolean(5, key.enabled());
                        ps.setString(6, JsonText.write(key.allowedIps()));
                        ps.setString(7, JsonText.write(key.routingTags()));
                        ps.setString(8, key.ratePolicies().key());
                        ps.setString(9, key.id());
                    });
            if (changed == 0) {
                return false;
            }
            bumpVersion(c);
            JdbcAuditStore.append(c, audit);
            return true;
        });
    }

    @Override
    public boolean rotate(String oldId, Instant oldExpiresAt, GatewayKey successor, List<AuditEntry> audit) {
        validate(successor);
        return db.transaction("rotating key " + oldId, c -> {
            int changed = Rows.update(c, "UPDATE api_keys SET expires_at = CASE WHEN expires_at IS NULL OR expires_at > ? "
                    + "THEN ? ELSE expires_at END WHERE id = ? AND revoked_at IS NULL", ps -> {
                        ps.setLong(1, oldExpiresAt.toEpochMilli());
                        ps.setLong(2, oldExpiresAt.toEpochMilli());
                        ps.setString(3, oldId);
                    });
            if (changed == 0) {
                return false;
            }
            insert(c, successor);
            for (AuditEntry entry : audit) {
                JdbcAuditStore.append(c, entry);
                bumpVersion(c);
            }
            return true;
        });
    }

    @Override
    public long version() {
        return db.call("reading the keys version", c -> Rows.query(c,
                "SELECT version FROM change_counters WHERE name = 'keys'", ps -> { }, rs -> rs.getLong(1))
                .stream().findFirst().orElse(0L));
    }

    /** Every change to a key moves the counter, in the change's own transaction: other nodes poll it. */
    private static void bumpVersion(Connection c) throws SQLException {
        ChangeCounters.bump(c, ChangeCounters.KEYS);
    }

    @Override
    public List<GatewayKey> loadUnrevoked() {
        // the owner's billing and pricing group, and the rate-limit policies of the key's user, team and
        // organisation, ride along, so authentication knows them without a query
        return db.call("loading unrevoked keys", c -> Rows.query(c, "SELECT k.*, u.billing AS owner_billing, "
                + "u.pricing_group AS owner_pricing_group, u.rate_limit_policy AS user_rate_policy, "
                + "t.rate_limit_policy AS team_rate_policy, o.rate_limit_policy AS org_rate_policy "
                + "FROM api_keys k LEFT JOIN users u ON u.id = k.user_id LEFT JOIN teams t ON t.id = k.team_id "
                + "LEFT JOIN organizations o ON o.id = k.org_id "
                + "WHERE k.revoked_at IS NULL ORDER BY k.id", ps -> { }, JdbcKeyStore::readWithOwner));
    }

    private static GatewayKey readWithOwner(ResultSet rs) throws SQLException {
        GatewayKey k = read(rs);
        return new GatewayKey(k.id(), k.name(), k.hash(), k.prefix(), k.allowedModels(), k.orgId(), k.teamId(),
                k.userId(), k.metadata(), k.createdAt(), k.expiresAt(), k.revokedAt(), k.enabled(), k.allowedIps(),
                k.routingTags(), "prepaid".equals(rs.getString("owner_billing")), rs.getString("owner_pricing_group"),
                new RatePolicies(k.ratePolicies().key(), rs.getString("user_rate_policy"),
                        rs.getString("team_rate_policy"), rs.getString("org_rate_policy")));
    }

    private static GatewayKey read(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String owner = "key " + id;
        return new GatewayKey(
                id,
                rs.getString("name"),
                rs.getString("key_hash"),
                rs.getString("key_prefix"),
                JsonText.list(rs.getString("allowed_models"), owner),
                rs.getString("org_id"),
                rs.getString("team_id"),
                rs.getString("user_id"),
                JsonText.map(rs.getString("metadata"), owner),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "revoked_at"),
                rs.getBoolean("enabled"),
                JsonText.list(rs.getString("allowed_ips"), owner),
                JsonText.list(rs.getString("routing_tags"), owner),
                false, null, new RatePolicies(rs.getString("rate_limit_policy"), null, null, null));
    }
}
