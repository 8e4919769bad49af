package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tollgate admin credits add|list|balance}: a prepaid user's balance (relay mode). */
@Command(name = "credits", description = "Prepaid balances: top up, correct, list entries, show a balance.",
        mixinStandardHelpOptions = true,
        subcommands = {CreditsCommand.Add.class, CreditsCommand.List.class, CreditsCommand.Balance.class})
final class CreditsCommand {

    static final String[] COLUMNS = {"id", "kind", "amount_usd", "amount_nano_usd", "reference", "actor", "created_at"};

    @Command(name = "add", description = "Top up a user's balance, or correct it with --adjustment (may be negative).")
    static final class Add extends AdminAction {
        @Parameters(index = "0", paramLabel = "USER_ID")
        String user;

        @Option(names = "--usd", required = true, description = "The amount in USD, exactly (e.g. 12.50).")
        String usd;

        @Option(names = "--adjustment", description = "A correction rather than a top-up; the amount may be negative.")
        boolean adjustment;

        @Option(names = "--reference", description = "E.g. an invoice number.")
        String reference;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.entity(client.send("POST", "/users/" + user + "/credits", body("amount_usd", usd,
                    "kind", adjustment ? "adjustment" : "topup", "reference", reference)));
        }
    }

    @Command(name = "list", description = "A user's credit entries, oldest first.")
    static final class List extends AdminAction {
        @Parameters(index = "0", paramLabel = "USER_ID")
        String user;

        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.list(client.get("/users/" + user + "/credits", query("limit", paging.limit(), "after", paging.after)),
                    COLUMNS);
        }
    }

    @Command(name = "balance", description = "A user's credits, booked charges and balance.")
    static final class Balance extends AdminAction {
        @Parameters(index = "0", paramLabel = "USER_ID")
        String user;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.entity(client.get("/users/" + user + "/balance", query()));
        }
    }
}
