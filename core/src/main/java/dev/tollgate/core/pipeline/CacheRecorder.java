package dev.tollgate.core.pipeline;

import dev.tollgate.core.cache.CacheKey;
import dev.tollgate.core.cache.CacheMetrics;
import dev.tollgate.core.cache.CachedResponse;
import dev.tollgate.core.cache.ResponseCache;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps what a cache miss sends to the client, to store it once the call has ended well. While the answer is
 * relayed it only keeps references to the buffers already written (they are immutable heap buffers), so
 * relaying is neither delayed nor copied; the bytes are gathered into an entry after the call is settled, and
 * only if it was a complete 200 within {@code cache.max_entry_bytes}. Past that size it stops recording and drops
 * what it held. Per call, event-loop only.
 */
final class CacheRecorder {

    private static final Logger log = LoggerFactory.getLogger(CacheRecorder.class);
    static final String STREAM_CONTENT_TYPE = "text/event-stream; charset=utf-8";

    private final ResponseCache cache;
    private final CacheKey key;
    private final long ttlMillis;
    private final long maxBytes;
    private final CacheMetrics metrics;
    private final String model;

    private List<Buffer> parts = new ArrayList<>();
    /** For each write to the client, the index in {@code parts} one past its last part. */
    private int[] writeEnds = new int[16];
    private int writes;
    private long bytes;
    private boolean tooLarge;
    private Buffer body;
    private String contentType;
    private boolean complete;

    CacheRecorder(ResponseCache cache, CacheKey key, long ttlMillis, long maxBytes, CacheMetrics metrics, String model) {
        this.cache = cache;
        this.key = key;
        this.ttlMillis = ttlMillis;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.model = model;
    }

    /** A piece of the next write to the client (an event, or a network chunk relayed as it came). */
    void part(Buffer part) {
        if (tooLarge) {
            return;
        }
        bytes += part.length();
        if (bytes > maxBytes) {
            giveUp();
            return;
        }
        parts.add(part);
    }

    /** The pieces since the last call went to the client as one write. */
    void endWrite() {
        if (tooLarge) {
            return;
        }
        int end = parts.size();
        if (writes > 0 && writeEnds[writes - 1] == end) {
            return; // nothing new: an empty write
        }
        if (writes == writeEnds.length) {
            writeEnds = Arrays.copyOf(writeEnds, writes * 2);
        }
        writeEnds[writes++] = end;
    }

    /** An attempt failed before any byte reached the client: what it produced but never wrote is not the answer. */
    void discardUnwritten() {
        if (tooLarge) {
            return;
        }
        int written = writes == 0 ? 0 : writeEnds[writes - 1];
        while (parts.size() > written) {
            bytes -= parts.remove(parts.size() - 1).length();
        }
    }

    /**
     * The stream ended as the upstream meant it to.
     *
     * @param tail  the last write, made with the end of the response, or null
     * @param whole false when the upstream stopped inside an event (the stream was cut, not finished)
     */
    void streamEnded(Buffer tail, boolean whole) {
        if (tail != null && tail.length() > 0) {
            part(tail);
            endWrite();
        }
        contentType = STREAM_CONTENT_TYPE;
        complete = whole && !tooLarge;
    }

    /** A buffered answer went to the client whole. */
    void answered(int status, String contentType, Buffer answer) {
        if (status != 200) {
            return;
        }
        if (answer.length() > maxBytes) {
            giveUp();
            return;
        }
        this.body = answer;
        this.contentType = contentType;
        complete = true;
    }

    /**
     * The call is settled with this status and usage: a complete 200 is stored now (asynchronously; a store
     * failure is counted and logged, never the caller's problem).
     */
    void settled(int status, String errorType, TokenUsage usage) {
        if (!complete || status != 200 || errorType != null) {
            return;
        }
        CachedResponse entry = body != null
                ? CachedResponse.buffered(200, contentType, body.getBytes(), usage)
                : CachedResponse.streamed(200, contentType, chunks(), usage);
        parts = null;
        body = null;
        long size = entry.payloadBytes();
        cache.put(key, entry, ttlMillis).onComplete(r -> {
            if (r.succeeded()) {
                metrics.stored(model, size);
            } else {
                metrics.error("put");
                log.debug("response cache: storing an answer failed: {}", r.cause().toString());
            }
        });
    }

    private List<byte[]> chunks() {
        List<byte[]> chunks = new ArrayList<>(writes);
        int from = 0;
        for (int w = 0; w < writes; w++) {
            int to = writeEnds[w];
            int length = 0;
            for (int i = from; i < to; i++) {
                length += parts.get(i).length();
            }
            byte[] chunk = new byte[length];
            int at = 0;
            for (int i = from; i < to; i++) {
                Buffer p = parts.get(i);
                p.getBytes(0, p.length(), chunk, at);
                at += p.length();
            }
            chunks.add(chunk);
            from = to;
        }
        return chunks;
    }

    private void giveUp() {
        tooLarge = true;
        parts = null;
        body = null;
        metrics.tooLarge();
    }
}
