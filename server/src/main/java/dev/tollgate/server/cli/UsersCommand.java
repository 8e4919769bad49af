package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tollgate admin users create|list}. */
@Command(name = "users", description = "Users.", mixinStandardHelpOptions = true,
        subcommands = {UsersCommand.Create.class, UsersCommand.List.class})
final class UsersCommand {

    static final String[] COLUMNS = {"id", "org_id", "team_id", "email", "name"};

    @Command(name = "create", description = "Create a user in an organisation or a team.")
    static final class Create extends AdminAction {
        @Option(names = "--email", required = true)
        String email;

        @Option(names = "--name")
        String name;

        @Option(names = "--org", description = "The organisation (not needed with --team).")
        String org;

        @Option(names = "--team", description = "The user's team.")
        String team;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.entity(client.send("POST", "/users", body("email", email, "name", name, "org_id", org, "team_id", team)));
        }
    }

    @Command(name = "list", description = "List the users you can see.")
    static final class List extends AdminAction {
        @Option(names = "--org")
        String org;

        @Option(names = "--team")
        String team;

        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.list(client.get("/users", query("org_id", org, "team_id", team, "limit", paging.limit(),
                    "after", paging.after)), COLUMNS);
        }
    }
}
