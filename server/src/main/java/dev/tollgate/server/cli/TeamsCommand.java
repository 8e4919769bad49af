package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tollgate admin teams create|list}. */
@Command(name = "teams", description = "Teams.", mixinStandardHelpOptions = true,
        subcommands = {TeamsCommand.Create.class, TeamsCommand.List.class})
final class TeamsCommand {

    static final String[] COLUMNS = {"id", "org_id", "name", "created_at"};

    @Command(name = "create", description = "Create a team in an organisation.")
    static final class Create extends AdminAction {
        @Option(names = "--org", description = "The organisation's id (org admins: default their own).")
        String org;

        @Option(names = "--name", required = true)
        String name;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.entity(client.send("POST", "/teams", body("org_id", org, "name", name)));
        }
    }

    @Command(name = "list", description = "List the teams you can see.")
    static final class List extends AdminAction {
        @Option(names = "--org", description = "Only this organisation's teams.")
        String org;

        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.list(client.get("/teams", query("org_id", org, "limit", paging.limit(), "after", paging.after)), COLUMNS);
        }
    }
}
