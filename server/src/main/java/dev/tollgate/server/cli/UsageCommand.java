package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code tollgate admin usage list}: usage records, newest first, a page at a time. */
@Command(name = "usage", description = "Usage records.", mixinStandardHelpOptions = true,
        subcommands = {UsageCommand.List.class})
final class UsageCommand {

    @Command(name = "list", description = "List usage records, newest first.")
    static final class List extends AdminAction {
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

        @Option(names = "--status", description = "HTTP status the client saw.")
        Integer status;

        @Option(names = "--request-id")
        String requestId;

        @Option(names = "--from", description = "ISO-8601 instant.")
        String from;

        @Option(names = "--to", description = "ISO-8601 instant, exclusive.")
        String to;

        @Option(names = "--limit", description = "Number of records (up to 1000).")
        Integer limit;

        @Option(names = "--after", description = "The next_after of the previous page.")
        String after;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.list(client.get("/usage", query("org_id", org, "team_id", team, "user_id", user,
                    "key_id", key, "model", model, "status", status == null ? null : status.toString(),
                    "request_id", requestId, "from", from, "to", to,
                    "limit", limit == null ? null : limit.toString(), "after", after)),
                    "started_at", "key_id", "model", "status", "prompt_tokens", "completion_tokens", "cost_usd");
        }
    }
}
