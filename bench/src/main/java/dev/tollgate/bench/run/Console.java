package dev.tollgate.bench.run;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr, so a long run shows where it is. */
public final class Console {

    private Console() {
    }

    public static void log(String message) {
        System.err.println("[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
