package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.AuditQuery;
import dev.tollgate.spi.store.AuditStore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@link AuditStore} on table {@code audit_log}. Entries are written only by {@link #append}, called by the
 * other stores inside the transaction of the change they describe. Thread-safe, blocking.
 */
final class JdbcAuditStore implements AuditStore {

    private static final String COLUMNS = "id, at, actor_id, actor_role, action, target_type, target_id, org_id, "
            + "team_id, before_json, after_json, request_id, client_ip";

    private final Database db;

    JdbcAuditStore(Database db) {
        this.db = db;
    }

    /** Appends {@code entry} on {@code c}, which carries the caller's open transaction. */
    static void append(Connection c, AuditEntry entry) throws SQLException {
        Objects.requireNonNull(entry, "audit entry");
        Rows.update(c, "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, entry.id());
            ps.setLong(2, entry.at().toEpochMilli());
            ps.setString(3, entry.actorId());
            ps.setString(4, entry.actorRole());
            ps.setString(5, entry.action());
            ps.setString(6, entry.targetType());
            ps.setString(7, entry.targetId());
            ps.setString(8, entry.orgId());
            ps.setString(9, entry.teamId());
            ps.setString(10, entry.before());
            ps.setString(11, entry.after());
            ps.setString(12, entry.requestId());
            ps.setString(13, entry.clientIp());
        });
    }

    @Override
    public List<AuditEntry> page(AuditQuery q) {
        Where where = new Where()
                .condition("at >= ?", q.from() == null ? null : q.from().toEpochMilli())
                .condition("at < ?", q.to() == null ? null : q.to().toEpochMilli())
                .equal("actor_id", q.actorId())
                .equal("action", q.action())
                .equal("target_type", q.targetType())
                .equal("target_id", q.targetId())
                .equal("org_id", q.orgId())
                .equal("team_id", q.teamId())
                .condition("id < ?", q.beforeId());
        return db.call("reading the audit log", c -> Rows.query(c,
                "SELECT " + COLUMNS + " FROM audit_log" + where.sql() + " ORDER BY id DESC LIMIT ?",
                ps -> ps.setInt(where.bind(ps, 1), q.limit()), JdbcAuditStore::read));
    }

    private static AuditEntry read(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("actor_id"),
                rs.getString("actor_role"), rs.getString("action"), rs.getString("target_type"),
                rs.getString("target_id"), rs.getString("org_id"), rs.getString("team_id"),
                rs.getString("before_json"), rs.getString("after_json"), rs.getString("request_id"),
                rs.getString("client_ip"));
    }
}
