package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code tollgate admin admin-keys create|list|revoke}: admin identities. */
@Command(name = "admin-keys", description = "Admin keys (tga-…).", mixinStandardHelpOptions = true,
        subcommands = {AdminKeysCommand.Create.class, AdminKeysCommand.List.class, AdminKeysCommand.Revoke.class})
final class AdminKeysCommand {

    static final String[] COLUMNS = {"id", "role", "name", "prefix", "org_id", "team_id", "user_id", "revoked_at"};

    @Command(name = "create", description = "Create an admin key; the key is printed once.")
    static final class Create extends AdminAction {
        @Option(names = "--role", required = true, description = "platform_admin, org_admin, team_admin, member or auditor.")
        String role;

        @Option(names = "--name")
        String name;

        @Option(names = "--org", description = "For org_admin (and optionally auditor).")
        String org;

        @Option(names = "--team", description = "For team_admin.")
        String team;

        @Option(names = "--user", description = "For member.")
        String user;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("POST", "/admin-keys", body("role", role, "name", name, "org_id", org,
                    "team_id", team, "user_id", user)));
        }
    }

    @Command(name = "list", description = "List the admin keys you can see.")
    static final class List extends AdminAction {
        @Option(names = "--org")
        String org;

        @Option(names = "--team")
        String team;

        @Option(names = "--user")
        String user;

        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.list(client.get("/admin-keys", query("org_id", org, "team_id", team, "user_id", user,
                    "limit", paging.limit(), "after", paging.after)), COLUMNS);
        }
    }

    @Command(name = "revoke", description = "Revoke an admin key; it stops working at once on every node.")
    static final class Revoke extends AdminAction {
        @Parameters(index = "0", paramLabel = "ADMIN_KEY_ID", description = "The admin key's id (adk_…).")
        String id;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("POST", "/admin-keys/" + id + "/revoke", null));
        }
    }
}
