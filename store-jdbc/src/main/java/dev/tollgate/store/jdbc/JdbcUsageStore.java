package dev.tollgate.store.jdbc;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.DailyUsage;
import dev.tollgate.spi.store.Ownership;
import dev.tollgate.spi.store.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * {@link UsageStore} on table {@code usage_events}. {@link #book(List)} inserts with
 * {@code ON CONFLICT (request_id) DO NOTHING} in one JDBC batch and one transaction, so a retried or
 * overlapping batch books each request once; within one batch the first event for a request id wins.
 * Concurrent bookings of overlapping batches are safe as well.
 * A null {@link UsageEvent#usage()} is booked as {@link TokenUsage#NONE}. The endpoint is stored as the
 * enum constant name, times as epoch milliseconds.
 *
 * <p>Thread-safe: every call borrows its own pooled connection. Blocking.
 */
final class JdbcUsageStore implements UsageStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcUsageStore.class);

    private static final String COLUMNS = "request_id, started_at, key_id, team_id, user_id, endpoint, model, "
            + "provider, upstream_model, stream, prompt_tokens, completion_tokens, cached_tokens, "
            + "reasoning_tokens, tokens_estimated, cost_nano_usd, latency_us, ttft_us, status, error_type, "
            + "cache_write_tokens, deployment, attempts, org_id, charge_nano_usd, cache_hit";
    private static final String INSERT = "INSERT INTO usage_events (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING";

    private final Database db;

    JdbcUsageStore(Database db) {
        this.db = db;
    }

    @Override
    public void book(List<UsageEvent> batch) {
        Objects.requireNonNull(batch, "batch");
        if (batch.isEmpty()) {
            return;
        }
        for (UsageEvent event : batch) {
            Objects.requireNonNull(event, "usage event");
            Objects.requireNonNull(event.requestId(), "usage event requestId");
            Objects.requireNonNull(event.startedAt(), "usage event startedAt");
        }
        // Insert in request-id order (stable, so the first of duplicates still wins): concurrent overlapping
        // batches then take row locks in the same order and cannot deadlock on PostgreSQL.
        List<UsageEvent> ordered = new ArrayList<>(batch);
        ordered.sort(Comparator.comparing(UsageEvent::requestId));
        db.transaction("booking " + batch.size() + " usage events", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (UsageEvent e : ordered) {
                    TokenUsage usage = e.usage() == null ? TokenUsage.NONE : e.usage();
                    ps.setString(1, e.requestId());
                    ps.setLong(2, e.startedAt().toEpochMilli());
                    ps.setString(3, e.keyId());
                    ps.setString(4, e.teamId());
                    ps.setString(5, e.userId());
                    ps.setString(6, e.endpoint() == null ? null : e.endpoint().name());
                    ps.setString(7, e.model());
                    ps.setString(8, e.provider());
                    ps.setString(9, e.upstreamModel());
                    ps.setBoolean(10, e.stream());
                    ps.setLong(11, usage.promptTokens());
                    ps.setLong(12, usage.completionTokens());
                    ps.setLong(13, usage.cachedTokens());
                    ps.setLong(14, usage.reasoningTokens());
                    ps.setBoolean(15, usage.estimated());
                    ps.setLong(16, e.costNanoUsd());
                    ps.setLong(17, e.latencyMicros());
                    ps.setLong(18, e.ttftMicros());
                    ps.setInt(19, e.status());
                    ps.setString(20, e.errorType());
                    ps.setLong(21, usage.cacheWriteTokens());
                    ps.setString(22, e.deployment());
                    ps.setInt(23, e.attempts());
                    ps.setString(24, e.orgId());
                    ps.setLong(25, e.chargeNanoUsd());
                    ps.setBoolean(26, e.cacheHit());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        log.debug("Booked batch of {} usage events", batch.size());
    }

    @Override
    public List<UsageEvent> recent(int limit) {
        return recent(Ownership.ANY, limit);
    }

    @Override
    public List<UsageEvent> recent(Ownership scope, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        Where where = new Where()
                .equal("team_id", scope.teamId())
                .equal("user_id", scope.userId())
                // events carry no organisation: they belong to it through the key that made them
                .condition("key_id IN (SELECT id FROM api_keys WHERE org_id = ?)", scope.orgId());
        return db.call("reading recent usage", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM usage_events"
                    + where.sql() + " ORDER BY started_at DESC, request_id DESC LIMIT ?")) {
                int next = where.bind(ps, 1);
                ps.setInt(next, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<UsageEvent> events = new ArrayList<>();
                    while (rs.next()) {
                        events.add(read(rs));
                    }
                    return events;
                }
            }
        });
    }

    @Override
    public long count() {
        return db.call("counting usage", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM usage_events");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public List<UsageEvent> userEvents(String userId, Long beforeMillis, String beforeRequestId, int limit) {
        String cursor = beforeMillis == null ? ""
                : " AND (started_at < ? OR (started_at = ? AND request_id < ?))";
        return db.call("reading usage of " + userId, c -> Rows.query(c, "SELECT " + COLUMNS + " FROM usage_events "
                + "WHERE user_id = ?" + cursor + " ORDER BY started_at DESC, request_id DESC LIMIT ?", ps -> {
                    int i = 1;
                    ps.setString(i++, userId);
                    if (beforeMillis != null) {
                        ps.setLong(i++, beforeMillis);
                        ps.setLong(i++, beforeMillis);
                        ps.setString(i++, beforeRequestId == null ? "" : beforeRequestId);
                    }
                    ps.setInt(i, limit);
                }, JdbcUsageStore::read));
    }

    @Override
    public List<DailyUsage> userDaily(String userId, long fromMillis) {
        // integer division on both databases: the UTC day number since the epoch
        return db.call("summarising usage of " + userId, c -> Rows.query(c, "SELECT started_at / 86400000 AS day, "
                + "COUNT(*) AS calls, COALESCE(SUM(prompt_tokens), 0) AS prompt, "
                + "COALESCE(SUM(completion_tokens), 0) AS completion, COALESCE(SUM(charge_nano_usd), 0) AS charged "
                + "FROM usage_events WHERE user_id = ? AND started_at >= ? GROUP BY started_at / 86400000 "
                + "ORDER BY day DESC", ps -> {
                    ps.setString(1, userId);
                    ps.setLong(2, fromMillis);
                }, rs -> new DailyUsage(LocalDate.ofEpochDay(rs.getLong("day")), rs.getLong("calls"),
                        rs.getLong("prompt"), rs.getLong("completion"), rs.getLong("charged"))));
    }

    private static UsageEvent read(ResultSet rs) throws SQLException {
        String endpoint = rs.getString("endpoint");
        return new UsageEvent(
                rs.getString("request_id"),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                rs.getString("key_id"),
                rs.getString("team_id"),
                rs.getString("user_id"),
                endpoint == null ? null : Endpoint.valueOf(endpoint),
                rs.getString("model"),
                rs.getString("provider"),
                rs.getString("upstream_model"),
                rs.getBoolean("stream"),
                new TokenUsage(
                        rs.getLong("prompt_tokens"),
                        rs.getLong("completion_tokens"),
                        rs.getLong("cached_tokens"),
                        rs.getLong("cache_write_tokens"),
                        rs.getLong("reasoning_tokens"),
                        rs.getBoolean("tokens_estimated")),
                rs.getLong("cost_nano_usd"),
                rs.getLong("latency_us"),
                rs.getLong("ttft_us"),
                rs.getInt("status"),
                rs.getString("error_type"),
                rs.getString("deployment"),
                rs.getInt("attempts"),
                rs.getString("org_id"),
                rs.getLong("charge_nano_usd"),
                rs.getBoolean("cache_hit"));
    }
}
