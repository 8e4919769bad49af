package dev.tollgate.bench.load;

import java.util.concurrent.TimeoutException;

/** Classifies client-side failures: a timeout is counted apart from other errors. */
final class Failures {

    private Failures() {
    }

    static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c.getClass().getSimpleName().contains("Timeout")
                    || String.valueOf(c.getMessage()).toLowerCase().contains("timeout")
                    || String.valueOf(c.getMessage()).toLowerCase().contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The start of a response body, on one line, for error samples in the report. */
    static String snippet(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "…";
    }
}
