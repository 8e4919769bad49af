package dev.tollgate.core.openai;

import io.vertx.core.buffer.Buffer;

/** Reading single server-sent events as OpenAI sends them: {@code data: <json>\n\n}. Stateless. */
public final class SseEvents {

    private static final Buffer DONE = Buffer.buffer("[DONE]");

    private SseEvents() {
    }

    /**
     * The event's data payload, or null for an event without data (a comment or keep-alive).
     * Multi-line data is joined with newlines, as the SSE specification says.
     */
    public static Buffer data(Buffer event) {
        Buffer joined = null;
        int len = event.length();
        int lineStart = 0;
        while (lineStart < len) {
            int lineEnd = lineStart;
            while (lineEnd < len && event.getByte(lineEnd) != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && event.getByte(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd - lineStart >= 5 && event.getByte(lineStart) == 'd' && event.getByte(lineStart + 1) == 'a'
                    && event.getByte(lineStart + 2) == 't' && event.getByte(lineStart + 3) == 'a'
                    && event.getByte(lineStart + 4) == ':') {
                int from = lineStart + 5;
                if (from < contentEnd && event.getByte(from) == ' ') {
                    from++;
                }
                Buffer line = event.slice(from, contentEnd);
                joined = joined == null ? line : Buffer.buffer().appendBuffer(joined).appendByte((byte) '\n')
                        .appendBuffer(line);
            }
            lineStart = lineEnd + 1;
        }
        return joined;
    }

    /** The event's name (its {@code event:} line), or null when it has none. */
    public static String name(Buffer event) {
        int len = event.length();
        int lineStart = 0;
        while (lineStart < len) {
            int lineEnd = lineStart;
            while (lineEnd < len && event.getByte(lineEnd) != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && event.getByte(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd - lineStart >= 6 && event.getString(lineStart, lineStart + 6).equals("event:")) {
                return event.getString(lineStart + 6, contentEnd).trim();
            }
            lineStart = lineEnd + 1;
        }
        return null;
    }

    public static boolean isDone(Buffer data) {
        return data != null && data.equals(DONE);
    }
}
