package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Map;

/**
 * One line of a usage report: a period, the values of the grouped dimensions (null when the events did not know
 * it, e.g. calls without a team), and what the calls in it added up to.
 */
public record UsageReportRow(Instant periodStart, Map<ReportDimension, String> dimensions, UsageTotals totals) {
}
