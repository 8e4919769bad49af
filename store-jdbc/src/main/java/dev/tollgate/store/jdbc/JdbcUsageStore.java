package dev.tollgate.store.jdbc;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.CallBodies;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.DailyUsage;
import dev.tollgate.spi.store.Ownership;
import dev.tollgate.spi.store.UsageEventQuery;
import dev.tollgate.spi.store.UsageMaintenance;
import dev.tollgate.spi.store.UsageReportQuery;
import dev.tollgate.spi.store.UsageReportRow;
import dev.tollgate.spi.store.UsageRetention;
import dev.tollgate.spi.store.UsageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link UsageStore} on table {@code usage_events} and its hourly rollups. {@link #book(List)} inserts with
 * {@code ON CONFLICT DO NOTHING RETURNING request_id} and adds exactly the rows that came back to
 * {@code usage_rollups_hourly}, all in one transaction: a retried or overlapping batch books each request once and
 * counts it once. The conflict target is left to each database's key: {@code request_id} on SQLite,
 * {@code (request_id, started_at)} on PostgreSQL, whose partitioned table cannot have a unique index without its
 * partition key; a replay carries the start time the event was minted with, so both skip it. Within one batch the
 * first event for a request id wins (duplicates are dropped here, before the database sees them). Concurrent
 * bookings of overlapping batches are safe as well.
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
    private static final int COLUMN_COUNT = 26;
    private static final String ROW = "(" + String.join(", ", Collections.nCopies(COLUMN_COUNT, "?")) + ")";
    /**
     * Rows per INSERT statement: 500 x 26 = 13,000 parameters, below SQLite's 32,766 and PostgreSQL's 65,535. One
     * multi-row statement, because RETURNING does not come back through a JDBC batch.
     */
    private static final int ROWS_PER_INSERT = 500;

    private final Database db;
    private final UsageReports reports;
    private final UsageHousekeeping housekeeping;

    JdbcUsageStore(Database db) {
        this.db = db;
        this.reports = new UsageReports(db);
        this.housekeeping = new UsageHousekeeping(db);
    }

    @Override
    public void book(List<UsageEvent> batch) {
        Objects.requireNonNull(batch, "batch");
        if (batch.isEmpty()) {
            return;
        }
        Map<String, UsageEvent> firsts = new LinkedHashMap<>();
        for (UsageEvent event : batch) {
            Objects.requireNonNull(event, "usage event");
            Objects.requireNonNull(event.requestId(), "usage event requestId");
            Objects.requireNonNull(event.startedAt(), "usage event startedAt");
            firsts.putIfAbsent(event.requestId(), event);
        }
        // Insert in request-id order: concurrent overlapping batches then take row locks in the same order and
        // cannot deadlock on PostgreSQL (the rollups are upserted in their key order after all inserts, likewise).
        List<UsageEvent> ordered = new ArrayList<>(firsts.values());
        ordered.sort(Comparator.comparing(UsageEvent::requestId));
        int inserted = db.transaction("booking " + batch.size() + " usage events", c -> {
            List<UsageEvent> fresh = new ArrayList<>();
            for (int from = 0; from < ordered.size(); from += ROWS_PER_INSERT) {
                fresh.addAll(insert(c, ordered.subList(from, Math.min(ordered.size(), from + ROWS_PER_INSERT))));
            }
            HourlyRollups.add(c, fresh);
            return fresh.size();
        });
        log.debug("Booked batch of {} usage events ({} new)", batch.size(), inserted);
    }

    /** Inserts {@code events} (unique request ids); returns those that were not booked before. */
    private static List<UsageEvent> insert(Connection c, List<UsageEvent> events) throws SQLException {
        String sql = "INSERT INTO usage_events (" + COLUMNS + ") VALUES "
                + String.join(", ", Collections.nCopies(events.size(), ROW))
                + " ON CONFLICT DO NOTHING RETURNING request_id";
        Map<String, UsageEvent> byId = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (UsageEvent e : events) {
                byId.put(e.requestId(), e);
                TokenUsage usage = e.usage() == null ? TokenUsage.NONE : e.usage();
                ps.setString(p++, e.requestId());
                ps.setLong(p++, e.startedAt().toEpochMilli());
                ps.setString(p++, e.keyId());
                ps.setString(p++, e.teamId());
                ps.setString(p++, e.userId());
                ps.setString(p++, e.endpoint() == null ? null : e.endpoint().name());
                ps.setString(p++, e.model());
                ps.setString(p++, e.provider());
                ps.setString(p++, e.upstreamModel());
                ps.setBoolean(p++, e.stream());
                ps.setLong(p++, usage.promptTokens());
                ps.setLong(p++, usage.completionTokens());
                ps.setLong(p++, usage.cachedTokens());
                ps.setLong(p++, usage.reasoningTokens());
                ps.setBoolean(p++, usage.estimated());
                ps.setLong(p++, e.costNanoUsd());
                ps.setLong(p++, e.latencyMicros());
                ps.setLong(p++, e.ttftMicros());
                ps.setInt(p++, e.status());
                ps.setString(p++, e.errorType());
                ps.setLong(p++, usage.cacheWriteTokens());
                ps.setString(p++, e.deployment());
                ps.setInt(p++, e.attempts());
                ps.setString(p++, e.orgId());
                ps.setLong(p++, e.chargeNanoUsd());
                ps.setBoolean(p++, e.cacheHit());
            }
            List<UsageEvent> fresh = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(byId.get(rs.getString(1)));
                }
            }
            return fresh;
        }
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
        return newestFirst("reading recent usage", where, limit);
    }

    /** The events {@code where} selects, newest first, at most {@code limit}. */
    private List<UsageEvent> newestFirst(String what, Where where, int limit) {
        return db.call(what, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM usage_events"
                    + where.sql() + " ORDER BY started_at DESC, request_id DESC LIMIT ?")) {
                ps.setInt(where.bind(ps, 1), limit);
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
    public List<UsageEvent> page(UsageEventQuery q) {
        if (q.limit() == 0) {
            return List.of();
        }
        Where where = new Where()
                .condition("started_at >= ?", q.from() == null ? null : q.from().toEpochMilli())
                .condition("started_at < ?", q.to() == null ? null : q.to().toEpochMilli())
                .equal("org_id", q.scope().orgId())
                .equal("team_id", q.scope().teamId())
                .equal("user_id", q.scope().userId())
                .equal("key_id", q.keyId())
                .equal("model", q.model())
                .equal("status", q.status())
                .equal("request_id", q.requestId())
                .conditions("(started_at < ? OR (started_at = ? AND request_id < ?))",
                        q.afterStartedAt() == null ? null : q.afterStartedAt().toEpochMilli(),
                        q.afterStartedAt() == null ? null : q.afterStartedAt().toEpochMilli(), q.afterRequestId());
        return newestFirst("reading usage events", where, q.limit());
    }

    @Override
    public List<UsageReportRow> report(UsageReportQuery query) {
        return reports.report(Objects.requireNonNull(query, "query"));
    }

    @Override
    public long chargedSince(String scopeKind, String scopeId, Instant from) {
        return reports.chargedSince(scopeKind, scopeId, Objects.requireNonNull(from, "from"));
    }

    @Override
    public UsageMaintenance maintain(Instant now, UsageRetention retention) {
        return housekeeping.run(Objects.requireNonNull(now, "now"), Objects.requireNonNull(retention, "retention"));
    }

    @Override
    public void bookBodies(List<CallBodies> batch) {
        if (batch.isEmpty()) {
            return;
        }
        db.transaction("keeping " + batch.size() + " call bodies", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO request_bodies (request_id, started_at, "
                    + "request_body, response_body, truncated) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (CallBodies b : batch) {
                    ps.setString(1, b.requestId());
                    ps.setLong(2, b.startedAt().toEpochMilli());
                    ps.setString(3, b.request());
                    ps.setString(4, b.response());
                    ps.setBoolean(5, b.truncated());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public java.util.Optional<CallBodies> bodies(String requestId) {
        return db.call("reading the bodies of " + requestId, c -> Rows.query(c, "SELECT request_id, started_at, "
                + "request_body, response_body, truncated FROM request_bodies WHERE request_id = ?",
                ps -> ps.setString(1, requestId),
                rs -> new CallBodies(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5)))).stream().findFirst();
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
        Where where = new Where().equal("user_id", Objects.requireNonNull(userId, "userId"))
                .conditions("(started_at < ? OR (started_at = ? AND request_id < ?))", beforeMillis, beforeMillis,
                        beforeRequestId == null ? "" : beforeRequestId);
        return newestFirst("reading usage of " + userId, where, limit);
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
