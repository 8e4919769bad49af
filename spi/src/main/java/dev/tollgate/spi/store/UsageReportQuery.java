package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A usage report over the hourly rollups: the hours starting in {@code [from, to)}, bucketed by {@code period} and
 * grouped by {@code groupBy} (in that order). Null filters do not restrict.
 *
 * @param scope the part of the tenancy tree to count (organisation, team, user)
 */
public record UsageReportQuery(Instant from, Instant to, ReportPeriod period, List<ReportDimension> groupBy,
                               Ownership scope, String keyId, String model, String provider) {

    public UsageReportQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(period, "period");
        groupBy = List.copyOf(groupBy);
        scope = scope == null ? Ownership.ANY : scope;
    }
}
