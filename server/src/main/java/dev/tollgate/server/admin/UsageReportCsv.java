package dev.tollgate.server.admin;

import dev.tollgate.spi.store.ReportDimension;
import dev.tollgate.spi.store.UsageReportQuery;
import dev.tollgate.spi.store.UsageReportRow;
import dev.tollgate.spi.store.UsageTotals;

import java.math.BigDecimal;
import java.util.List;

/**
 * A usage report as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or
 * line break): a header row, then one row per report line in the report's order. Money is decimal USD with nine
 * decimals, exact (nano-USD moved by nine places, never through a double). Text that a spreadsheet would run as a
 * formula (starting with {@code = + - @}, tab or CR; model names come from clients) is prefixed with {@code '}.
 */
final class UsageReportCsv {

    private UsageReportCsv() {
    }

    static String render(UsageReportQuery q, List<UsageReportRow> rows) {
        StringBuilder out = new StringBuilder("period_start");
        for (ReportDimension d : q.groupBy()) {
            out.append(',').append(ReportsResource.field(d));
        }
        out.append(",requests,errors,prompt_tokens,completion_tokens,cached_tokens,cache_write_tokens,"
                + "reasoning_tokens,cache_hits,estimated_calls,cost_usd,charge_usd\r\n");
        for (UsageReportRow r : rows) {
            out.append(r.periodStart());
            for (ReportDimension d : q.groupBy()) {
                out.append(',').append(text(ReportsResource.value(d, r.dimensions().get(d))));
            }
            UsageTotals t = r.totals();
            out.append(',').append(t.requests()).append(',').append(t.errors())
                    .append(',').append(t.promptTokens()).append(',').append(t.completionTokens())
                    .append(',').append(t.cachedTokens()).append(',').append(t.cacheWriteTokens())
                    .append(',').append(t.reasoningTokens()).append(',').append(t.cacheHits())
                    .append(',').append(t.estimatedCalls())
                    .append(',').append(usd(t.costNanoUsd())).append(',').append(usd(t.chargeNanoUsd()))
                    .append("\r\n");
        }
        return out.toString();
    }

    /** {@code 1234567} nano-USD → {@code 0.001234567}. */
    static String usd(long nanoUsd) {
        return BigDecimal.valueOf(nanoUsd, 9).toPlainString();
    }

    static String text(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
