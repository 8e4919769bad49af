package dev.tollgate.bench.load;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a server-sent-event byte stream into the {@code data} payloads of complete events, whatever the
 * network chunking (an event may span reads, a read may hold several events). Per stream, not thread-safe.
 */
public final class SseEventReader {

    private Buffer pending = Buffer.buffer();

    /** Appends {@code bytes} and returns the data of every event completed by them, in order. */
    public List<String> feed(Buffer bytes) {
        pending.appendBuffer(bytes);
        List<String> events = new ArrayList<>(2);
        int start = 0;
        int n = pending.length();
        for (int i = 0; i + 1 < n; i++) {
            int endLength = eventEnd(pending, i, n);
            if (endLength > 0) {
                String event = pending.getString(start, i, StandardCharsets.UTF_8.name());
                String data = dataOf(event);
                if (data != null) {
                    events.add(data);
                }
                start = i + endLength;
                i = start - 1;
            }
        }
        pending = start == 0 ? pending : pending.getBuffer(start, n);
        return events;
    }

    /** Length of the blank-line separator starting at {@code i}, or 0 if there is none there. */
    private static int eventEnd(Buffer b, int i, int n) {
        if (b.getByte(i) == '\n' && b.getByte(i + 1) == '\n') {
            return 2;
        }
        if (i + 3 < n && b.getByte(i) == '\r' && b.getByte(i + 1) == '\n' && b.getByte(i + 2) == '\r'
                && b.getByte(i + 3) == '\n') {
            return 4;
        }
        return 0;
    }

    /** The event's data lines joined by newlines (per the SSE spec), or null for a comment-only event. */
    private static String dataOf(String event) {
        StringBuilder data = null;
        for (String line : event.split("\r?\n")) {
            if (line.startsWith("data:")) {
                String value = line.substring(5);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
        }
        return data == null ? null : data.toString();
    }
}
