package dev.tollgate.bench.scenarios;

import java.util.List;

/**
 * The model names the scenarios send. The simulator reads its behaviour from directives in the name, and
 * the same name goes through every arm (Tollgate's configs route each of them to the simulator unchanged),
 * so every arm asks the upstream for exactly the same work.
 */
public final class BenchModels {

    /** 100 words: a non-streamed answer of about 1 KB. */
    public static final String SMALL = "gpt-4o-mini+chunks=100";
    /** 50 content chunks, 20 ms apart. */
    public static final String STREAM = "gpt-4o-mini+chunks=50+gap_ms=20";
    /** A short answer, so large-body runs measure the request direction. */
    public static final String LARGE = "gpt-4o-mini+chunks=16";
    /** One chunk a second for an hour: streams that stay open until the client drops them. */
    public static final String SLOW = "gpt-4o-mini+chunks=3600+gap_ms=1000";

    private BenchModels() {
    }

    public static List<String> all() {
        return List.of(SMALL, STREAM, LARGE, SLOW);
    }
}
