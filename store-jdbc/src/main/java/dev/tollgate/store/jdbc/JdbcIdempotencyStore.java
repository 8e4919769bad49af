package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.IdempotencyStore;

import java.time.Instant;
import java.util.Optional;

/**
 * {@link IdempotencyStore} on table {@code idempotent_requests}: a claim is a row with status
 * {@link #IN_PROGRESS}, inserted with {@code ON CONFLICT DO NOTHING}, so the primary key decides which of two
 * simultaneous requests runs. Thread-safe, blocking.
 */
final class JdbcIdempotencyStore implements IdempotencyStore {

    private final Database db;

    JdbcIdempotencyStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Recorded> claim(String actorId, String idempotencyKey, String requestHash, Instant now,
                                    Instant notBefore, Instant abandonedBefore) {
        return db.transaction("claiming an Idempotency-Key", c -> {
            Rows.update(c, "DELETE FROM idempotent_requests WHERE actor_id = ? AND idempotency_key = ? AND "
                    + "(created_at < ? OR (status = ? AND created_at < ?))", ps -> {
                        ps.setString(1, actorId);
                        ps.setString(2, idempotencyKey);
                        ps.setLong(3, notBefore.toEpochMilli());
                        ps.setInt(4, IN_PROGRESS);
                        ps.setLong(5, abandonedBefore.toEpochMilli());
                    });
            int inserted = Rows.update(c, "INSERT INTO idempotent_requests (actor_id, idempotency_key, request_hash, "
                    + "status, body, created_at) VALUES (?, ?, ?, ?, '', ?) ON CONFLICT (actor_id, idempotency_key) "
                    + "DO NOTHING", ps -> {
                        ps.setString(1, actorId);
                        ps.setString(2, idempotencyKey);
                        ps.setString(3, requestHash);
                        ps.setInt(4, IN_PROGRESS);
                        ps.setLong(5, now.toEpochMilli());
                    });
            if (inserted == 1) {
                return Optional.<Recorded>empty();
            }
            return Rows.query(c, "SELECT request_hash, status, body, created_at FROM idempotent_requests "
                    + "WHERE actor_id = ? AND idempotency_key = ?", ps -> {
                        ps.setString(1, actorId);
                        ps.setString(2, idempotencyKey);
                    }, rs -> new Recorded(rs.getString("request_hash"), rs.getInt("status"), rs.getString("body"),
                            Instant.ofEpochMilli(rs.getLong("created_at")))).stream().findFirst();
        });
    }

    @Override
    public void complete(String actorId, String idempotencyKey, Recorded answer) {
        db.transaction("recording an idempotent answer", c -> Rows.update(c, "UPDATE idempotent_requests SET "
                + "request_hash = ?, status = ?, body = ?, created_at = ? WHERE actor_id = ? AND idempotency_key = ?",
                ps -> {
                    ps.setString(1, answer.requestHash());
                    ps.setInt(2, answer.status());
                    ps.setString(3, answer.body());
                    ps.setLong(4, answer.at().toEpochMilli());
                    ps.setString(5, actorId);
                    ps.setString(6, idempotencyKey);
                }));
    }

    @Override
    public void release(String actorId, String idempotencyKey) {
        db.transaction("releasing an Idempotency-Key", c -> Rows.update(c, "DELETE FROM idempotent_requests "
                + "WHERE actor_id = ? AND idempotency_key = ? AND status = ?", ps -> {
                    ps.setString(1, actorId);
                    ps.setString(2, idempotencyKey);
                    ps.setInt(3, IN_PROGRESS);
                }));
    }
}
