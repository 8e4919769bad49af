package dev.tollgate.it;

import java.util.ArrayList;
import java.util.List;

/** Reads the data lines of a complete SSE body, in order. */
final class SseText {

    private SseText() {
    }

    static List<String> dataLines(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("data:")) {
                out.add(line.substring(5).trim());
            }
        }
        return out;
    }
}
