package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.ConfigEntry;
import dev.tollgate.spi.store.ConfigEntryStore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ConfigEntryStore} on tables {@code config_entries}, {@code config_version} and
 * {@code secret_key_checks}. Every change bumps the version in its own transaction. Thread-safe, blocking.
 */
final class JdbcConfigEntryStore implements ConfigEntryStore {

    private static final String COLUMNS = "kind, name, body, created_at, updated_at";

    private final Database db;

    JdbcConfigEntryStore(Database db) {
        this.db = db;
    }

    @Override
    public List<ConfigEntry> all() {
        return db.call("reading configuration entries", c -> Rows.query(c,
                "SELECT " + COLUMNS + " FROM config_entries ORDER BY kind, name", ps -> { }, JdbcConfigEntryStore::read));
    }

    @Override
    public Optional<ConfigEntry> find(String kind, String name) {
        return db.call("finding " + kind + " " + name, c -> Rows.query(c,
                "SELECT " + COLUMNS + " FROM config_entries WHERE kind = ? AND name = ?", ps -> {
                    ps.setString(1, kind);
                    ps.setString(2, name);
                }, JdbcConfigEntryStore::read).stream().findFirst());
    }

    @Override
    public void create(ConfigEntry e, AuditEntry audit) {
        db.transaction("creating " + e.kind() + " " + e.name(), c -> {
            Rows.update(c, "INSERT INTO config_entries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, e.kind());
                ps.setString(2, e.name());
                ps.setString(3, e.body());
                ps.setLong(4, e.createdAt().toEpochMilli());
                ps.setLong(5, e.updatedAt().toEpochMilli());
            });
            bump(c);
            JdbcAuditStore.append(c, audit);
            return null;
        });
    }

    @Override
    public boolean update(ConfigEntry e, AuditEntry audit) {
        return db.transaction("updating " + e.kind() + " " + e.name(), c -> {
            int n = Rows.update(c, "UPDATE config_entries SET body = ?, updated_at = ? WHERE kind = ? AND name = ?", ps -> {
                ps.setString(1, e.body());
                ps.setLong(2, e.updatedAt().toEpochMilli());
                ps.setString(3, e.kind());
                ps.setString(4, e.name());
            });
            if (n == 0) {
                return false;
            }
            bump(c);
            JdbcAuditStore.append(c, audit);
            return true;
        });
    }

    @Override
    public boolean delete(String kind, String name, AuditEntry audit) {
        return db.transaction("deleting " + kind + " " + name, c -> {
            int n = Rows.update(c, "DELETE FROM config_entries WHERE kind = ? AND name = ?", ps -> {
                ps.setString(1, kind);
                ps.setString(2, name);
            });
            if (n == 0) {
                return false;
            }
            bump(c);
            JdbcAuditStore.append(c, audit);
            return true;
        });
    }

    @Override
    public long version() {
        return db.call("reading the configuration version", c -> Rows.query(c,
                "SELECT version FROM config_version WHERE id = 1", ps -> { }, rs -> rs.getLong(1))
                .stream().findFirst().orElse(0L));
    }

    @Override
    public Map<String, String> keyChecks() {
        return db.call("reading secret key checks", c -> {
            Map<String, String> out = new LinkedHashMap<>();
            Rows.query(c, "SELECT key_id, check_value FROM secret_key_checks ORDER BY key_id", ps -> { },
                    rs -> out.put(rs.getString(1), rs.getString(2)));
            return out;
        });
    }

    @Override
    public void addKeyCheck(String keyId, String sealedCheck) {
        db.call("storing the secret key check", c -> Rows.update(c,
                "INSERT INTO secret_key_checks (key_id, check_value, created_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (key_id) DO NOTHING", ps -> {
                    ps.setString(1, keyId);
                    ps.setString(2, sealedCheck);
                    ps.setLong(3, System.currentTimeMillis());
                }));
    }

    @Override
    public void reseal(List<ConfigEntry> resealed, String keepKeyId, String keepCheck, AuditEntry audit) {
        db.transaction("re-sealing secrets", c -> {
            for (ConfigEntry e : resealed) {
                Rows.update(c, "UPDATE config_entries SET body = ? WHERE kind = ? AND name = ?", ps -> {
                    ps.setString(1, e.body());
                    ps.setString(2, e.kind());
                    ps.setString(3, e.name());
                });
            }
            Rows.update(c, "DELETE FROM secret_key_checks WHERE key_id <> ?", ps -> ps.setString(1, keepKeyId));
            Rows.update(c, "INSERT INTO secret_key_checks (key_id, check_value, created_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (key_id) DO NOTHING", ps -> {
                        ps.setString(1, keepKeyId);
                        ps.setString(2, keepCheck);
                        ps.setLong(3, System.currentTimeMillis());
                    });
            bump(c);
            JdbcAuditStore.append(c, audit);
            return null;
        });
    }

    private static void bump(Connection c) throws SQLException {
        Rows.update(c, "UPDATE config_version SET version = version + 1 WHERE id = 1", ps -> { });
    }

    private static ConfigEntry read(ResultSet rs) throws SQLException {
        return new ConfigEntry(rs.getString("kind"), rs.getString("name"), rs.getString("body"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
