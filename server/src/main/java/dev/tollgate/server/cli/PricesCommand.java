package dev.tollgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/**
 * {@code tollgate admin prices list|show|set|delete}: the price table in force and the database's entries. Rates are
 * passed on as the decimal text typed, so they stay exact.
 */
@Command(name = "prices", description = "Prices (USD per 1M tokens; per-request in USD): file, database and defaults.",
        mixinStandardHelpOptions = true, subcommands = {PricesCommand.List.class, PricesCommand.Show.class,
        PricesCommand.Set.class, PricesCommand.Delete.class})
final class PricesCommand {

    static final String[] COLUMNS = {"id", "model", "provider", "deployment", "effective_from", "input", "cached_input",
            "output", "source"};

    @Command(name = "list", description = "List the prices in force (platform admins, auditors, org admins).")
    static final class List extends AdminAction {
        @Mixin
        Paging paging;

        @Option(names = "--model", description = "Only entries for this model.")
        String model;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.list(client.get("/prices", query("limit", paging.limit(), "after", paging.after, "model", model)),
                    COLUMNS);
        }
    }

    @Command(name = "show", description = "Show one price.")
    static final class Show extends AdminAction {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("GET", "/prices/" + id, null));
        }
    }

    @Command(name = "set", description = "Create or replace a price kept in the database (platform admins). The same"
            + " model, provider, deployment and effective date replace an entry; a later effective date adds one.")
    static final class Set extends AdminAction {
        @Option(names = "--model") String model;
        @Option(names = "--provider") String provider;
        @Option(names = "--deployment") String deployment;
        @Option(names = "--effective-from", description = "ISO date or instant; default: always.") String effectiveFrom;
        @Option(names = "--input") String input;
        @Option(names = "--cached-input") String cachedInput;
        @Option(names = "--cache-write") String cacheWrite;
        @Option(names = "--output") String outputPrice;
        @Option(names = "--reasoning") String reasoning;
        @Option(names = "--per-request") String perRequest;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("POST", "/prices", body("model", model, "provider", provider,
                    "deployment", deployment, "effective_from", effectiveFrom, "input", input,
                    "cached_input", cachedInput, "cache_write", cacheWrite, "output", outputPrice,
                    "reasoning", reasoning, "per_request", perRequest)));
        }
    }

    @Command(name = "delete", description = "Delete a price kept in the database (platform admins).")
    static final class Delete extends AdminAction {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        void run(AdminClient client, Output output) throws IOException, AdminApiException {
            output.entity(client.send("DELETE", "/prices/" + id, null));
        }
    }
}
