package dev.tollgate.providers.anthropic;

import java.util.ArrayList;
import java.util.List;

/** Splits a server-sent-event stream into (event name, data) pairs, as the gateway's SSE reader does. */
final class SseEvents {

    private SseEvents() {
    }

    static List<String[]> parse(String stream) {
        List<String[]> events = new ArrayList<>();
        String event = null;
        StringBuilder data = null;
        for (String line : (stream + "\n\n").split("\r?\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new String[] {event, data.toString()});
                }
                event = null;
                data = null;
            } else if (line.startsWith(":")) {
                continue;
            } else if (line.startsWith("event:")) {
                event = line.substring("event:".length()).strip();
            } else if (line.startsWith("data:")) {
                String value = line.substring("data:".length());
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        return events;
    }
}
