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
 * Keeps what a cache miss sends to the client, to store it once the answer has ended well. While the answer is
 * relayed it only keeps references to the buffers already written (they are immutable heap buffers), so
 * relaying is neither delayed nor copied; the bytes are gathered into an entry when the upstream's answer is
 * complete (just before the client's response ends, so an identical call right after finds it), and only if it
 * is a 200 within {@code cache.max_entry_bytes}. Past that size it stops recording and drops what it held. Errors,
 * cut streams and a client that left never reach the store. Per call, event-loop only.
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
    /** Run once the entry is stored (the semantic cache indexes the request's embedding then), or null. */
    private Runnable afterStore;

    CacheRecorder(ResponseCache cache, CacheKey key, long ttlMillis, long maxBytes, CacheMetrics metrics, String model) {
        this.cache = cache;
        this.key = key;
        this.ttlMillis = ttlMillis;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.model = model;
    }

    /** {@code action} runs once the answer is stored (on the store's thread), never if it is not. */
    void afterStore(Runnable action) {
        this.afterStore = action;
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
     * The stream ended as the upstream meant it to, and is about to end at the client: stored now, before the
     * client can ask again.
     *
     * @param tail  the last write, made with the end of the response, or null
     * @param whole false when the upstream stopped inside an event (the stream was cut, not finished)
     * @param usage what the stream reported, or null (the call is then estimated, and a hit too)
     */
    void streamEnded(Buffer tail, boolean whole, TokenUsage usage) {
        if (tail != null && tail.length() > 0) {
            part(tail);
            endWrite();
        }
        if (whole && !tooLarge) {
            store(CachedResponse.streamed(200, STREAM_CONTENT_TYPE, chunks(), usage));
        }
    }

    /** A buffered answer is about to go to the client whole: a 200 within the limit is stored now. */
    void answered(int status, String contentType, Buffer answer, TokenUsage usage) {
        if (status != 200) {
            return;
        }
        if (answer.length() > maxBytes) {
            giveUp();
            return;
        }
        store(CachedResponse.buffered(200, contentType, answer.getBytes(), usage));
    }

    /** Asynchronous for remote stores; a failure is counted and logged, never the caller's problem. */
    private void store(CachedResponse entry) {
        parts = null;
        long size = entry.payloadBytes();
        cache.put(key, entry, ttlMillis).onComplete(r -> {
            if (r.succeeded()) {
                metrics.stored(model, size);
                if (afterStore != null) {
                    afterStore.run();
                }
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
        metrics.tooLarge();
    }
}
