package dev.tollgate.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.KeyStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link KeyStore} on table {@code api_keys}. Allowed models and metadata are stored as JSON text; times as
 * epoch milliseconds. Ids sort bytewise (binary collation) on both databases, which is the order of
 * {@link #page(String, int)}.
 *
 * <p>Thread-safe: every call borrows its own pooled connection. Blocking.
 */
final class JdbcKeyStore implements KeyStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private static final String COLUMNS = "id, name, key_hash, key_prefix, allowed_models, team_id, user_id, "
            + "metadata, created_at, expires_at, revoked_at";
    private static final String INSERT = "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM api_keys";

    private final Database db;

    JdbcKeyStore(Database db) {
        this.db = db;
    }

    /** @throws StorageException with {@link StorageException#isConflict()} if the id or hash exists */
    @Override
    public void create(GatewayKey key) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(key.id(), "key.id");
        Objects.requireNonNull(key.hash(), "key.hash");
        Objects.requireNonNull(key.prefix(), "key.prefix");
        Objects.requireNonNull(key.createdAt(), "key.createdAt");
        String allowedModels = toJson(key.allowedModels());
        String metadata = toJson(key.metadata());
        db.call("creating key " + key.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, key.id());
                ps.setString(2, key.name());
                ps.setString(3, key.hash());
                ps.setString(4, key.prefix());
                ps.setString(5, allowedModels);
                ps.setString(6, key.teamId());
                ps.setString(7, key.userId());
                ps.setString(8, metadata);
                ps.setLong(9, key.createdAt().toEpochMilli());
                setInstant(ps, 10, key.expiresAt());
                setInstant(ps, 11, key.revokedAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<GatewayKey> find(String id) {
        Objects.requireNonNull(id, "id");
        return db.call("finding key " + id, c -> {
            List<GatewayKey> found = query(c, SELECT + " WHERE id = ?", ps -> ps.setString(1, id));
            return found.stream().findFirst();
        });
    }

    @Override
    public List<GatewayKey> page(String afterId, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return db.call("listing keys", c -> afterId == null
                ? query(c, SELECT + " ORDER BY id LIMIT ?", ps -> ps.setInt(1, limit))
                : query(c, SELECT + " WHERE id > ? ORDER BY id LIMIT ?", ps -> {
                    ps.setString(1, afterId);
                    ps.setInt(2, limit);
                }));
    }

    @Override
    public boolean revoke(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return db.call("revoking key " + id, c -> {
            // COALESCE keeps the first revocation time when the key is already revoked.
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<GatewayKey> loadUnrevoked() {
        return db.call("loading unrevoked keys",
                c -> query(c, SELECT + " WHERE revoked_at IS NULL ORDER BY id", ps -> { }));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static List<GatewayKey> query(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<GatewayKey> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(read(rs));
                }
                return keys;
            }
        }
    }

    private static GatewayKey read(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new GatewayKey(
                id,
                rs.getString("name"),
                rs.getString("key_hash"),
                rs.getString("key_prefix"),
                fromJson(rs.getString("allowed_models"), STRING_LIST, List.of(), id),
                rs.getString("team_id"),
                rs.getString("user_id"),
                fromJson(rs.getString("metadata"), STRING_MAP, Map.of(), id),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(Database.nullableLong(rs, "expires_at")),
                instant(Database.nullableLong(rs, "revoked_at")));
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode key field as JSON", e);
        }
    }

    private static <T> T fromJson(String json, TypeReference<T> type, T ifNull, String keyId) {
        if (json == null || json.isBlank()) {
            return ifNull;
        }
        try {
            T value = JSON.readValue(json, type);
            return value == null ? ifNull : value;
        } catch (JsonProcessingException e) {
            throw new StorageException("key " + keyId + " has malformed JSON in the database: "
                    + e.getOriginalMessage(), e);
        }
    }
}
