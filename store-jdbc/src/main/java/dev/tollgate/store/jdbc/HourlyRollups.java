package dev.tollgate.store.jdbc;

import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.UsageTotals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Table {@code usage_rollups_hourly}: adds freshly inserted events to their hours (inside booking's transaction),
 * and reads totals back. Unknown dimensions are stored as {@code ''} so that they form one key (see V10).
 */
final class HourlyRollups {

    static final long HOUR_MS = 3_600_000L;

    /** The key of one rollup row. Sorted, so concurrent bookings lock rollup rows in one order (no deadlock). */
    record Key(long hourStart, String orgId, String teamId, String userId, String keyId, String model,
               String provider, String endpoint) implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::hourStart)
                .thenComparing(Key::orgId).thenComparing(Key::teamId).thenComparing(Key::userId)
                .thenComparing(Key::keyId).thenComparing(Key::model).thenComparing(Key::provider)
                .thenComparing(Key::endpoint);

        static Key of(UsageEvent e) {
            long started = e.startedAt().toEpochMilli();
            return new Key(Math.floorDiv(started, HOUR_MS) * HOUR_MS, dim(e.orgId()), dim(e.teamId()),
                    dim(e.userId()), dim(e.keyId()), dim(e.model()), dim(e.provider()),
                    e.endpoint() == null ? "" : e.endpoint().name());
        }

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    private static final String UPSERT = "INSERT INTO usage_rollups_hourly (hour_start, org_id, team_id, user_id, "
            + "key_id, model, provider, endpoint, requests, errors, prompt_tokens, completion_tokens, cached_tokens, "
            + "cache_write_tokens, reasoning_tokens, cost_nano_usd, charge_nano_usd, cache_hits, estimated_calls) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (hour_start, org_id, team_id, user_id, key_id, model, provider, endpoint) DO UPDATE SET "
            + "requests = usage_rollups_hourly.requests + excluded.requests, "
            + "errors = usage_rollups_hourly.errors + excluded.errors, "
            + "prompt_tokens = usage_rollups_hourly.prompt_tokens + excluded.prompt_tokens, "
            + "completion_tokens = usage_rollups_hourly.completion_tokens + excluded.completion_tokens, "
            + "cached_tokens = usage_rollups_hourly.cached_tokens + excluded.cached_tokens, "
            + "cache_write_tokens = usage_rollups_hourly.cache_write_tokens + excluded.cache_write_tokens, "
            + "reasoning_tokens = usage_rollups_hourly.reasoning_tokens + excluded.reasoning_tokens, "
            + "cost_nano_usd = usage_rollups_hourly.cost_nano_usd + excluded.cost_nano_usd, "
            + "charge_nano_usd = usage_rollups_hourly.charge_nano_usd + excluded.charge_nano_usd, "
            + "cache_hits = usage_rollups_hourly.cache_hits + excluded.cache_hits, "
            + "estimated_calls = usage_rollups_hourly.estimated_calls + excluded.estimated_calls";

    /** The SUMs of every measure, in {@link UsageTotals}' order, for SELECTs over the rollups. */
    static final String SUMS = "SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens), "
            + "SUM(cached_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_nano_usd), "
            + "SUM(charge_nano_usd), SUM(cache_hits), SUM(estimated_calls)";

    private HourlyRollups() {
    }

    static String dim(String value) {
        return value == null ? "" : value;
    }

    static String undim(String stored) {
        return stored == null || stored.isEmpty() ? null : stored;
    }

    /** What one event adds to its hour. */
    static UsageTotals totals(UsageEvent e) {
        TokenUsage u = e.usage() == null ? TokenUsage.NONE : e.usage();
        return new UsageTotals(1, e.status() >= 400 ? 1 : 0, u.promptTokens(), u.completionTokens(),
                u.cachedTokens(), u.cacheWriteTokens(), u.reasoningTokens(), e.costNanoUsd(), e.chargeNanoUsd(),
                e.cacheHit() ? 1 : 0, u.estimated() ? 1 : 0);
    }

    /** Adds {@code inserted} (events this transaction really inserted) to their hours, on {@code c}'s transaction. */
    static void add(Connection c, List<UsageEvent> inserted) throws SQLException {
        if (inserted.isEmpty()) {
            return;
        }
        Map<Key, UsageTotals> sums = new TreeMap<>();
        for (UsageEvent e : inserted) {
            sums.merge(Key.of(e), totals(e), UsageTotals::plus);
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (Map.Entry<Key, UsageTotals> row : sums.entrySet()) {
                Key k = row.getKey();
                UsageTotals t = row.getValue();
                ps.setLong(1, k.hourStart());
                ps.setString(2, k.orgId());
                ps.setString(3, k.teamId());
                ps.setString(4, k.userId());
                ps.setString(5, k.keyId());
                ps.setString(6, k.model());
                ps.setString(7, k.provider());
                ps.setString(8, k.endpoint());
                ps.setLong(9, t.requests());
                ps.setLong(10, t.errors());
                ps.setLong(11, t.promptTokens());
                ps.setLong(12, t.completionTokens());
                ps.setLong(13, t.cachedTokens());
                ps.setLong(14, t.cacheWriteTokens());
                ps.setLong(15, t.reasoningTokens());
                ps.setLong(16, t.costNanoUsd());
                ps.setLong(17, t.chargeNanoUsd());
                ps.setLong(18, t.cacheHits());
                ps.setLong(19, t.estimatedCalls());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Reads the {@link #SUMS} columns starting at {@code first}. */
    static UsageTotals readSums(ResultSet rs, int first) throws SQLException {
        long[] v = new long[11];
        for (int i = 0; i < v.length; i++) {
            v[i] = rs.getLong(first + i);
        }
        return new UsageTotals(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }
}
