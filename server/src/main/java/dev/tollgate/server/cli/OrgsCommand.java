package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tollgate admin orgs create|list}. */
@Command(name = "orgs", description = "Organisations.", mixinStandardHelpOptions = true,
        subcommands = {OrgsCommand.Create.class, OrgsCommand.List.class})
final class OrgsCommand {

    static final String[] COLUMNS = {"id", "name", "created_at"};

    @Command(name = "create", description = "Create an organisation (platform admins).")
    static final class Create extends AdminAction {
        @Option(names = "--name", required = true)
        String name;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.entity(client.send("POST", "/orgs", body("name", name)));
        }
    }

    @Command(name = "list", description = "List the organisations you can see.")
    static final class List extends AdminAction {
        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.list(client.get("/orgs", query("limit", paging.limit(), "after", paging.after)), COLUMNS);
        }
    }
}
