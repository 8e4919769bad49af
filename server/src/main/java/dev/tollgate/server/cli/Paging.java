package dev.tollgate.server.cli;

import picocli.CommandLine.Option;

/** {@code --limit} and {@code --after} of list commands. */
final class Paging {

    @Option(names = "--limit", description = "Page size (the API clamps it).")
    Integer limit;

    @Option(names = "--after", description = "Continue after this id (the previous page's next_after).")
    String after;

    String limit() {
        return limit == null ? null : limit.toString();
    }
}
