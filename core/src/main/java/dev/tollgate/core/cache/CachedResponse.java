package dev.tollgate.core.cache;

import dev.tollgate.spi.TokenUsage;

import java.util.List;

/**
 * One answer as the client received it, kept so that an identical request can be answered again without
 * calling upstream. A buffered answer is its {@code body}; a streamed one is {@code chunks}, the bytes of each
 * write the relay made to the client, in order, so that a replay reproduces the original chunking (events,
 * or network chunks where the relay forwarded them untouched). Immutable once built; the arrays are not
 * copied and must not be changed.
 *
 * @param status      the HTTP status the client got (only 200s are stored)
 * @param contentType the answer's content type as sent
 * @param body        the buffered answer, or null for a stream
 * @param chunks      the stream's writes, or null for a buffered answer
 * @param usage       what the original call was metered at (booked again on a hit, at no cost); may be null
 */
public record CachedResponse(int status, String contentType, byte[] body, List<byte[]> chunks, TokenUsage usage) {

    public CachedResponse {
        if ((body == null) == (chunks == null)) {
            throw new IllegalArgumentException("exactly one of body and chunks");
        }
        chunks = chunks == null ? null : List.copyOf(chunks);
    }

    public static CachedResponse buffered(int status, String contentType, byte[] body, TokenUsage usage) {
        return new CachedResponse(status, contentType, body, null, usage);
    }

    public static CachedResponse streamed(int status, String contentType, List<byte[]> chunks, TokenUsage usage) {
        return new CachedResponse(status, contentType, null, chunks, usage);
    }

    public boolean streamed() {
        return chunks != null;
    }

    /** Bytes of the answer itself: what the size limits count. */
    public long payloadBytes() {
        if (body != null) {
            return body.length;
        }
        long n = 0;
        for (byte[] c : chunks) {
            n += c.length;
        }
        return n;
    }

    /** An estimate of the memory the entry holds (payload, per-chunk array headers, the record and its strings). */
    public long weight() {
        long overhead = 128 + (contentType == null ? 0 : contentType.length() * 2L);
        return payloadBytes() + overhead + (chunks == null ? 0 : chunks.size() * 24L);
    }
}
