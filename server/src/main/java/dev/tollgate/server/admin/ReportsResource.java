package dev.tollgate.server.admin;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.store.Ownership;
import dev.tollgate.spi.store.ReportDimension;
import dev.tollgate.spi.store.ReportPeriod;
import dev.tollgate.spi.store.Storage;
import dev.tollgate.spi.store.UsageReportQuery;
import dev.tollgate.spi.store.UsageReportRow;
import dev.tollgate.spi.store.UsageTotals;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /admin/v1/reports/usage}: usage and cost by period ({@code hour}, {@code day}, {@code week},
 * {@code month}; UTC) and any of {@code org}, {@code team}, {@code user}, {@code key}, {@code model},
 * {@code provider}, {@code endpoint}, as JSON (money in integer nano-USD) or CSV (money in decimal USD). Read from the
 * hourly rollups, so it is fast and still whole after raw events were dropped by retention. Confined to the caller's
 * scope like {@code /usage}: a team admin's report counts only their team.
 */
final class ReportsResource implements AdminResource {

    /** More periods than this in one report (e.g. hours over more than ~7 months) is refused: ask for days. */
    static final long MAX_PERIODS = 5_000;

    private final Storage storage;
    private final Clock clock;

    ReportsResource(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.GET, "/reports/usage", AdminAccess.SCOPED, this::usage);
    }

    private void usage(AdminCall call) {
        call.blocking(() -> {
            UsageReportQuery query = query(call);
            String format = call.param("format") == null ? "json" : call.param("format");
            if (!format.equals("json") && !format.equals("csv")) {
                throw new AdminFailure(AdminErrors.invalid("'format' must be json or csv.", "format"));
            }
            return new Answer(query, format, storage.usage().report(query));
        }, answer -> {
            if (answer.format().equals("csv")) {
                call.replyText(200, "text/csv; charset=utf-8", UsageReportCsv.render(answer.query(), answer.rows()));
            } else {
                call.reply(200, json(answer.query(), answer.rows()));
            }
        });
    }

    private record Answer(UsageReportQuery query, String format, List<UsageReportRow> rows) {
    }

    private UsageReportQuery query(AdminCall call) {
        Instant now = clock.instant();
        Instant from = AdminParams.instant(call, "from");
        Instant to = AdminParams.instant(call, "to");
        from = from != null ? from : ReportPeriod.MONTH.start(now); // the current month's bill so far
        to = to != null ? to : now;
        if (!from.isBefore(to)) {
            throw new AdminFailure(AdminErrors.invalid("'from' must be before 'to'.", "from"));
        }
        String periodName = call.param("period") == null ? "day" : call.param("period");
        ReportPeriod period = ReportPeriod.parse(periodName);
        if (period == null) {
            throw new AdminFailure(AdminErrors.invalid("'period' must be hour, day, week or month.", "period"));
        }
        long periods = Duration.between(from, to).toHours() / switch (period) {
            case HOUR -> 1;
            case DAY -> 24;
            case WEEK -> 24 * 7;
            case MONTH -> 24 * 28;
        };
        if (periods > MAX_PERIODS) {
            throw new AdminFailure(AdminErrors.invalid("The range holds more than " + MAX_PERIODS + " periods of '"
                    + periodName + "'; ask for a longer period or a shorter range.", "period"));
        }
        List<ReportDimension> groupBy = new ArrayList<>();
        String asked = call.param("group_by");
        if (asked != null) {
            for (String name : asked.split(",")) {
                ReportDimension d = ReportDimension.parse(name.strip());
                if (d == null) {
                    throw new AdminFailure(AdminErrors.invalid("'group_by' takes a comma-separated list of org, team, "
                            + "user, key, model, provider and endpoint; '" + name.strip() + "' is none of them.",
                            "group_by"));
                }
                if (!groupBy.contains(d)) {
                    groupBy.add(d);
                }
            }
        }
        Ownership scope = Scope.filter(call.caller(), call.param("org_id"), call.param("team_id"),
                call.param("user_id"));
        return new UsageReportQuery(from, to, period, groupBy, scope, call.param("key_id"), call.param("model"),
                call.param("provider"));
    }

    /** The field name of a dimension in answers: {@code org_id}, {@code team_id}, …, {@code model}. */
    static String field(ReportDimension d) {
        return switch (d) {
            case ORG, TEAM, USER, KEY -> d.wireName() + "_id";
            case MODEL, PROVIDER, ENDPOINT -> d.wireName();
        };
    }

    /** A dimension's value as answers show it: endpoints as their path (as in {@code /usage}), others as stored. */
    static String value(ReportDimension d, String stored) {
        if (d == ReportDimension.ENDPOINT && stored != null) {
            try {
                return Endpoint.valueOf(stored).openAiPath();
            } catch (IllegalArgumentException e) {
                return stored;
            }
        }
        return stored;
    }

    private static JsonObject json(UsageReportQuery q, List<UsageReportRow> rows) {
        JsonArray data = new JsonArray();
        UsageTotals all = UsageTotals.ZERO;
        for (UsageReportRow r : rows) {
            JsonObject row = new JsonObject().put("period_start", AdminJson.iso(r.periodStart()));
            for (ReportDimension d : q.groupBy()) {
                row.put(field(d), value(d, r.dimensions().get(d)));
            }
            data.add(totals(row, r.totals()));
            all = all.plus(r.totals());
        }
        JsonArray groupBy = new JsonArray();
        q.groupBy().forEach(d -> groupBy.add(d.wireName()));
        return new JsonObject().put("object", "usage_report").put("from", AdminJson.iso(q.from()))
                .put("to", AdminJson.iso(q.to())).put("period", q.period().wireName()).put("group_by", groupBy)
                .put("data", data).put("totals", totals(new JsonObject(), all));
    }

    private static JsonObject totals(JsonObject into, UsageTotals t) {
        return into.put("requests", t.requests()).put("errors", t.errors())
                .put("prompt_tokens", t.promptTokens()).put("completion_tokens", t.completionTokens())
                .put("cached_tokens", t.cachedTokens()).put("cache_write_tokens", t.cacheWriteTokens())
                .put("reasoning_tokens", t.reasoningTokens()).put("cache_hits", t.cacheHits())
                .put("estimated_calls", t.estimatedCalls()).put("cost_nano_usd", t.costNanoUsd())
                .put("charge_nano_usd", t.chargeNanoUsd());
    }
}
