package dev.tollgate.core.pipeline;

import io.vertx.core.buffer.Buffer;

/**
 * Gathers a request body. A body that arrives in one network chunk (most do) is used as it is; only a
 * body in several chunks is copied into one buffer, sized from Content-Length when the client sent it.
 * Per request, event-loop only.
 */
final class BodyCollector {

    private final int expected;
    private Buffer single;
    private Buffer joined;
    private int length;

    BodyCollector(int expectedLength) {
        this.expected = expectedLength;
    }

    void add(Buffer chunk) {
        length += chunk.length();
        if (joined != null) {
            joined.appendBuffer(chunk);
        } else if (single == null) {
            single = chunk;
        } else {
            joined = Buffer.buffer(Math.max(expected, length)).appendBuffer(single).appendBuffer(chunk);
            single = null;
        }
    }

    int length() {
        return length;
    }

    Buffer result() {
        return joined != null ? joined : single != null ? single : Buffer.buffer();
    }
}
