package dev.tollgate.server.cli;

import picocli.CommandLine.Command;

/**
 * {@code tollgate admin …}: the common admin operations over the admin API, so they work against any gateway
 * (local or remote) exactly as API clients see it. Never starts a gateway.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Manage a running gateway through its admin API (--url, default TOLLGATE_URL or "
                + "http://127.0.0.1:8080; --admin-key, default TOLLGATE_ADMIN_KEY or data/admin-key).",
        subcommands = {OrgsCommand.class, TeamsCommand.class, UsersCommand.class, KeysCommand.class,
                AdminKeysCommand.class, AuditCommand.class, UsageCommand.class, ReportCommand.class,
                ProvidersCommand.class, ModelsCommand.class, PricesCommand.class, CreditsCommand.class,
                CodesCommand.class})
public final class AdminCommand {
}
