package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tollgate admin codes create|list|show|revoke}: batches of single-use redemption codes (relay mode). */
@Command(name = "codes", description = "Redemption codes: make a batch, list and inspect batches, revoke one.",
        mixinStandardHelpOptions = true,
        subcommands = {CodesCommand.Create.class, CodesCommand.List.class, CodesCommand.Show.class,
                CodesCommand.Revoke.class})
final class CodesCommand {

    static final String[] COLUMNS = {"id", "amount_usd", "count", "redeemed", "revoked", "unredeemed", "expires_at"};

    @Command(name = "create", description = "Make a batch of codes; they are printed this once.")
    static final class Create extends AdminAction {
        @Option(names = "--count", required = true)
        int count;

        @Option(names = "--usd", required = true, description = "Each code's value in USD, exactly.")
        String usd;

        @Option(names = "--expires-at", description = "ISO-8601 instant, e.g. 2027-01-01T00:00:00Z.")
        String expiresAt;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.entity(client.send("POST", "/redemption-codes", body("count", count, "amount_usd", usd,
                    "expires_at", expiresAt)));
        }
    }

    @Command(name = "list", description = "Batches, oldest first.")
    static final class List extends AdminAction {
        @Mixin
        Paging paging;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.list(client.get("/redemption-codes", query("limit", paging.limit(), "after", paging.after)), COLUMNS);
        }
    }

    @Command(name = "show", description = "A batch and which of its codes were redeemed, by whom.")
    static final class Show extends AdminAction {
        @Parameters(index = "0", paramLabel = "BATCH_ID")
        String batch;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.entity(client.get("/redemption-codes/" + batch, query()));
        }
    }

    @Command(name = "revoke", description = "Revoke a batch's unredeemed codes.")
    static final class Revoke extends AdminAction {
        @Parameters(index = "0", paramLabel = "BATCH_ID")
        String batch;

        @Override
        void run(AdminClient client, Output output) throws java.io.IOException, AdminApiException {
            output.entity(client.send("POST", "/redemption-codes/" + batch + "/revoke", new io.vertx.core.json.JsonObject()));
        }
    }
}
