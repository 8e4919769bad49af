package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code tollgate admin usage list}: recent usage records, newest first. */
@Command(name = "usage", description = "Usage records.", mixinStandardHelpOptions = true,
        subcommands = {UsageCommand.List.class})
final class UsageCommand {

    @Command(name = "list", description = "List recent usage records, newest first.")
    static final class List extends AdminAction {
        @Option(names = "--org")
        String org;

        @Option(names = "--team")
        String team;

        @Option(names = "--user")
        String user;

        @Option(names = "--limit", description = "Number of records (up to 1000).")
        Integer limit;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.list(client.get("/usage", query("org_id", org, "team_id", team, "user_id", user,
                    "limit", limit == null ? null : limit.toString())),
                    "started_at", "key_id", "model", "status", "prompt_tokens", "completion_tokens", "cost_usd");
        }
    }
}
