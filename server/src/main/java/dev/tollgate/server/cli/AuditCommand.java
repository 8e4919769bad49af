package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;

/** {@code tollgate admin audit list}: the audit log, newest first. */
@Command(name = "audit", description = "The audit log.", mixinStandardHelpOptions = true,
        subcommands = {AuditCommand.List.class})
final class AuditCommand {

    @Command(name = "list", description = "List audit entries, newest first.")
    static final class List extends AdminAction {
        @Option(names = "--from", description = "ISO-8601 instant.")
        String from;

        @Option(names = "--to", description = "ISO-8601 instant.")
        String to;

        @Option(names = "--actor", description = "An admin key id, or bootstrap.")
        String actor;

        @Option(names = "--action", description = "E.g. key.revoke.")
        String action;

        @Option(names = "--target-type")
        String targetType;

        @Option(names = "--target")
        String target;

        @Option(names = "--org")
        String org;

        @Option(names = "--team")
        String team;

        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.list(client.get("/audit", query("from", from, "to", to, "actor_id", actor, "action", action,
                    "target_type", targetType, "target_id", target, "org_id", org, "team_id", team,
                    "limit", paging.limit(), "after", paging.after)),
                    "at", "actor_id", "action", "target_type", "target_id");
        }
    }
}
