package dev.tollgate.it;

import java.util.ArrayList;
import java.util.List;

/** Reads a complete SSE body: its data lines, or its events with their names, in order. */
final class SseText {

    /** One event: its {@code event:} name ("" when it has none) and its data. */
    record Event(String name, String data) {
    }

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

    /** The events with data, multi-line data joined by newlines as the SSE specification says. */
    static List<Event> events(String body) {
        List<Event> out = new ArrayList<>();
        String name = "";
        StringBuilder data = null;
        for (String line : (body + "\n\n").split("\r?\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    out.add(new Event(name, data.toString()));
                }
                name = "";
                data = null;
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                String part = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                data = data == null ? new StringBuilder(part) : data.append('\n').append(part);
            }
        }
        return out;
    }
}
