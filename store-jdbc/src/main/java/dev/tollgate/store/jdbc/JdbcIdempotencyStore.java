package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.IdempotencyStore;

import java.time.Instant;
import java.util.Optional;

/** {@link IdempotencyStore} on table {@code idempotent_requests}. Thread-safe, blocking. */
final class JdbcIdempotencyStore implements IdempotencyStore {

    private final Database db;

    JdbcIdempotencyStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Recorded> find(String actorId, String idempotencyKey, Instant notBefore) {
        return db.call("finding an idempotent answer", c -> Rows.query(c,
                "SELECT request_hash, status, body, created_at FROM idempotent_requests "
                        + "WHERE actor_id = ? AND idempotency_key = ? AND created_at >= ?", ps -> {
                    ps.setString(1, actorId);
                    ps.setString(2, idempotencyKey);
                    ps.setLong(3, notBefore.toEpochMilli());
                }, rs -> new Recorded(rs.getString("request_hash"), rs.getInt("status"), rs.getString("body"),
                        Instant.ofEpochMilli(rs.getLong("created_at")))).stream().findFirst());
    }

    @Override
    public void record(String actorId, String idempotencyKey, Recorded answer, Instant notBefore) {
        db.transaction("recording an idempotent answer", c -> {
            Rows.update(c, "DELETE FROM idempotent_requests WHERE actor_id = ? AND idempotency_key = ? AND created_at < ?",
                    ps -> {
                        ps.setString(1, actorId);
                        ps.setString(2, idempotencyKey);
                        ps.setLong(3, notBefore.toEpochMilli());
                    });
            return Rows.update(c, "INSERT INTO idempotent_requests (actor_id, idempotency_key, request_hash, status, "
                    + "body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (actor_id, idempotency_key) DO NOTHING", ps -> {
                        ps.setString(1, actorId);
                        ps.setString(2, idempotencyKey);
                        ps.setString(3, answer.requestHash());
                        ps.setInt(4, answer.status());
                        ps.setString(5, answer.body());
                        ps.setLong(6, answer.at().toEpochMilli());
                    });
        });
    }
}
