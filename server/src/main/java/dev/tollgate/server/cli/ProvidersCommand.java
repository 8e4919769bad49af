package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code tollgate admin providers list|show}: providers kept in the database; secrets only as masked hints. */
@Command(name = "providers", description = "Providers kept in the database (not the configuration file's).",
        mixinStandardHelpOptions = true, subcommands = {ProvidersCommand.List.class, ProvidersCommand.Show.class})
final class ProvidersCommand {

    static final String[] COLUMNS = {"name", "type", "base_url", "keys", "updated_at"};

    @Command(name = "list", description = "List the providers kept in the database (platform admins, auditors).")
    static final class List extends AdminAction {
        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.list(client.get("/providers", query("limit", paging.limit(), "after", paging.after)), COLUMNS);
        }
    }

    @Command(name = "show", description = "Show one provider kept in the database.")
    static final class Show extends AdminAction {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("GET", "/providers/" + name, null));
        }
    }
}
