package dev.tollgate.store.jdbc;

import dev.tollgate.spi.store.ReportDimension;
import dev.tollgate.spi.store.ReportPeriod;
import dev.tollgate.spi.store.UsageReportQuery;
import dev.tollgate.spi.store.UsageReportRow;
import dev.tollgate.spi.store.UsageTotals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads {@code usage_rollups_hourly}: reports by period and dimensions, and the spend of one scope since an instant.
 * Hours, days and ISO weeks are bucketed in SQL with integer arithmetic on the epoch (identical on both databases);
 * months are not a fixed length, so they are summed from days here. Rows are sorted here as well, with Java's
 * string order, so both databases answer in the same order.
 */
final class UsageReports {

    private static final long DAY_MS = 86_400_000L;
    private static final long WEEK_MS = 7 * DAY_MS;
    /** 1970-01-01 was a Thursday: shifting by three days makes weeks start on Mondays. */
    private static final long MONDAY_SHIFT_MS = 3 * DAY_MS;

    private final Database db;

    UsageReports(Database db) {
        this.db = db;
    }

    static String column(ReportDimension d) {
        return switch (d) {
            case ORG -> "org_id";
            case TEAM -> "team_id";
            case USER -> "user_id";
            case KEY -> "key_id";
            case MODEL -> "model";
            case PROVIDER -> "provider";
            case ENDPOINT -> "endpoint";
        };
    }

    private static String bucket(ReportPeriod period) {
        return switch (period) {
            case HOUR -> "hour_start";
            case DAY, MONTH -> "(hour_start - hour_start % " + DAY_MS + ")";
            case WEEK -> "(hour_start - (hour_start + " + MONDAY_SHIFT_MS + ") % " + WEEK_MS + ")";
        };
    }

    List<UsageReportRow> report(UsageReportQuery q) {
        List<ReportDimension> dims = q.groupBy().stream().distinct().toList();
        long from = Math.floorDiv(q.from().toEpochMilli(), HourlyRollups.HOUR_MS) * HourlyRollups.HOUR_MS;
        long to = q.to().toEpochMilli();
        Where where = new Where()
                .condition("hour_start >= ?", from)
                .condition("hour_start < ?", to)
                .equal("org_id", q.scope().orgId())
                .equal("team_id", q.scope().teamId())
                .equal("user_id", q.scope().userId())
                .equal("key_id", q.keyId())
                .equal("model", q.model())
                .equal("provider", q.provider());
        StringBuilder select = new StringBuilder("SELECT ").append(bucket(q.period())).append(" AS period_start");
        StringBuilder group = new StringBuilder(" GROUP BY ").append(bucket(q.period()));
        for (ReportDimension d : dims) {
            select.append(", ").append(column(d));
            group.append(", ").append(column(d));
        }
        String sql = select + ", " + HourlyRollups.SUMS + " FROM usage_rollups_hourly" + where.sql() + group;
        List<UsageReportRow> rows = db.call("reading a usage report", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                where.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    List<UsageReportRow> out = new ArrayList<>();
                    while (rs.next()) {
                        Map<ReportDimension, String> values = new EnumMap<>(ReportDimension.class);
                        for (int i = 0; i < dims.size(); i++) {
                            values.put(dims.get(i), HourlyRollups.undim(rs.getString(2 + i)));
                        }
                        out.add(new UsageReportRow(Instant.ofEpochMilli(rs.getLong(1)),
                                Collections.unmodifiableMap(values), HourlyRollups.readSums(rs, 2 + dims.size())));
                    }
                    return out;
                }
            }
        });
        if (q.period() == ReportPeriod.MONTH) {
            rows = foldIntoMonths(rows);
        }
        List<UsageReportRow> sorted = new ArrayList<>(rows);
        sorted.sort(order(dims));
        return sorted;
    }

    private static List<UsageReportRow> foldIntoMonths(List<UsageReportRow> days) {
        record Bucket(Instant month, Map<ReportDimension, String> dimensions) {
        }
        Map<Bucket, UsageTotals> months = new LinkedHashMap<>();
        for (UsageReportRow day : days) {
            months.merge(new Bucket(ReportPeriod.MONTH.start(day.periodStart()), day.dimensions()), day.totals(),
                    UsageTotals::plus);
        }
        List<UsageReportRow> out = new ArrayList<>();
        months.forEach((b, totals) -> out.add(new UsageReportRow(b.month(), b.dimensions(), totals)));
        return out;
    }

    /** By period, then by each grouped dimension in the order asked, unknown (null) first: a stable, total order. */
    private static Comparator<UsageReportRow> order(List<ReportDimension> dims) {
        Comparator<UsageReportRow> order = Comparator.comparing(UsageReportRow::periodStart);
        for (ReportDimension d : dims) {
            order = order.thenComparing(r -> r.dimensions().get(d), Comparator.nullsFirst(Comparator.naturalOrder()));
        }
        return order;
    }

    long chargedSince(String scopeKind, String scopeId, Instant from) {
        String column = switch (Objects.requireNonNull(scopeKind, "scopeKind")) {
            case "key" -> "key_id";
            case "user" -> "user_id";
            case "team" -> "team_id";
            case "org" -> "org_id";
            default -> throw new IllegalArgumentException("scope kind must be key, user, team or org: " + scopeKind);
        };
        Objects.requireNonNull(scopeId, "scopeId");
        long start = from.toEpochMilli();
        long firstWholeHour = Math.ceilDiv(start, HourlyRollups.HOUR_MS) * HourlyRollups.HOUR_MS;
        // One statement, so PostgreSQL reads both parts from one snapshot. The partial hour's events sit in a rollup
        // hour that starts before `from`, which the first part leaves out, so nothing is counted twice.
        String sql = "SELECT (SELECT COALESCE(SUM(charge_nano_usd), 0) FROM usage_rollups_hourly WHERE " + column
                + " = ? AND hour_start >= ?) + (SELECT COALESCE(SUM(charge_nano_usd), 0) FROM usage_events WHERE "
                + column + " = ? AND started_at >= ? AND started_at < ?)";
        return db.call("reading the charge of " + scopeKind + " " + scopeId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, scopeId);
                ps.setLong(2, firstWholeHour);
                ps.setString(3, scopeId);
                ps.setLong(4, start);
                ps.setLong(5, firstWholeHour);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
