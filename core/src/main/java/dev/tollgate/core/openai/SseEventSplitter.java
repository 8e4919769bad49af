package dev.tollgate.core.openai;

import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * Cuts a byte stream into complete server-sent events ({@code …\n\n}), whatever the network's chunking.
 * Complete events are handed on in the same call that completed them; only an unfinished tail is kept.
 * Accepts LF and CRLF line ends. One instance per stream, confined to its event loop.
 */
public final class SseEventSplitter {

    private Buffer pending;

    /** Feeds one network chunk; {@code onEvent} receives each event completed by it, terminator included. */
    public void feed(Buffer chunk, Consumer<Buffer> onEvent) {
        Buffer data = pending == null ? chunk : pending.appendBuffer(chunk);
        pending = null;
        int from = 0;
        int len = data.length();
        int scanFrom = 0;
        while (true) {
            int end = findEventEnd(data, scanFrom, len);
            if (end < 0) {
                break;
            }
            onEvent.accept(data.slice(from, end));
            from = end;
            scanFrom = end;
        }
        if (from < len) {
            pending = Buffer.buffer(len - from).appendBuffer(data, from, len - from);
        }
    }

    /** Bytes received but not yet forming a complete event (a stream cut short leaves some). */
    public int pendingBytes() {
        return pending == null ? 0 : pending.length();
    }

    public Buffer drainPending() {
        Buffer rest = pending;
        pending = null;
        return rest;
    }

    /** Index one past the blank line ending the first event at or after {@code from}, or -1. */
    private static int findEventEnd(Buffer data, int from, int len) {
        for (int i = from; i < len - 1; i++) {
            if (data.getByte(i) == '\n') {
                byte next = data.getByte(i + 1);
                if (next == '\n') {
                    return i + 2;
                }
                if (next == '\r' && i + 2 < len && data.getByte(i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }
}
