package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code tollgate admin models list|show}: model groups kept in the database. */
@Command(name = "models", description = "Model groups kept in the database (not the configuration file's).",
        mixinStandardHelpOptions = true, subcommands = {ModelsCommand.List.class, ModelsCommand.Show.class})
final class ModelsCommand {

    static final String[] COLUMNS = {"name", "aliases", "strategy", "updated_at"};

    @Command(name = "list", description = "List the model groups kept in the database (platform admins, auditors).")
    static final class List extends AdminAction {
        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.list(client.get("/models", query("limit", paging.limit(), "after", paging.after)), COLUMNS);
        }
    }

    @Command(name = "show", description = "Show one model group kept in the database.")
    static final class Show extends AdminAction {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("GET", "/models/" + name, null));
        }
    }
}
