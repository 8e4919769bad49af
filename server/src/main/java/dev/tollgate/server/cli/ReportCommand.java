package dev.tollgate.server.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** {@code tollgate admin report usage}: usage and cost by period and dimensions, as a table, JSON or CSV. */
@Command(name = "report", description = "Bills and reports.", mixinStandardHelpOptions = true,
        subcommands = {ReportCommand.Usage.class})
final class ReportCommand {

    @Command(name = "usage", description = "Usage and cost by period (hour, day, week, month; UTC) and dimensions.")
    static final class Usage extends AdminAction {
        @Option(names = "--from", description = "ISO-8601 instant; default: the start of this month (UTC).")
        String from;

        @Option(names = "--to", description = "ISO-8601 instant, exclusive; default: now.")
        String to;

        @Option(names = "--period", description = "hour, day (default), week or month.")
        String period;

        @Option(names = "--group-by", description = "Comma-separated: org, team, user, key, model, provider, endpoint.")
        String groupBy;

        @Option(names = "--org")
        String org;

        @Option(names = "--team")
        String team;

        @Option(names = "--user")
        String user;

        @Option(names = "--key")
        String key;

        @Option(names = "--model")
        String model;

        @Option(names = "--provider")
        String provider;

        @Option(names = "--csv", description = "Print the CSV export (money in USD with nine decimals).")
        boolean csv;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            var query = query("from", from, "to", to, "period", period, "group_by", groupBy, "org_id", org,
                    "team_id", team, "user_id", user, "key_id", key, "model", model, "provider", provider);
            if (csv) {
                query.put("format", "csv");
                output.text(client.getText("/reports/usage", query));
                return;
            }
            JsonObject report = client.get("/reports/usage", query);
            List<String> columns = new ArrayList<>(List.of("period_start"));
            for (Object d : report.getJsonArray("group_by", new JsonArray())) {
                columns.add(switch (d.toString()) {
                    case "org", "team", "user", "key" -> d + "_id";
                    default -> d.toString();
                });
            }
            columns.addAll(List.of("requests", "errors", "prompt_tokens", "completion_tokens", "cost_usd", "charge_usd"));
            if (!options.json) { // people read dollars; --json keeps the API's exact answer
                for (Object row : report.getJsonArray("data", new JsonArray())) {
                    JsonObject r = (JsonObject) row;
                    r.put("cost_usd", usd(r.getLong("cost_nano_usd"))).put("charge_usd", usd(r.getLong("charge_nano_usd")));
                }
            }
            output.list(report, columns.toArray(String[]::new));
        }

        private static String usd(Long nano) {
            return nano == null ? null : BigDecimal.valueOf(nano, 9).toPlainString();
        }
    }
}
