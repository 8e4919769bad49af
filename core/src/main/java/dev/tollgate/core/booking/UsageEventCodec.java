package dev.tollgate.core.booking;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A {@link UsageEvent} as the compact bytes of one spool record: a format version, the time it was spooled,
 * then every field in declaration order; numbers as zig-zag varints, strings as UTF-8 with a varint length
 * (0 for null), booleans as bits of one flags byte, the endpoint as a stable one-byte code. A typical chat
 * event takes about 150 bytes. Adding a field means a new version; a reader keeps decoding the old ones,
 * so a spool written by the previous release drains after an upgrade.
 */
final class UsageEventCodec {

    static final byte VERSION = 1;

    private static final int STREAM = 1;
    private static final int HAS_USAGE = 1 << 1;
    private static final int ESTIMATED = 1 << 2;
    private static final int CACHE_HIT = 1 << 3;

    private UsageEventCodec() {
    }

    /** A decoded record: the event and when it entered the spool (epoch milliseconds). */
    record Decoded(UsageEvent event, long spooledAtMillis) {
    }

    /** Appends the event's encoding to {@code out}. */
    static void encode(UsageEvent e, long spooledAtMillis, Output out) {
        out.writeByte(VERSION);
        out.writeLong(spooledAtMillis);
        out.writeString(e.requestId());
        out.writeLong(e.startedAt() != null ? e.startedAt().getEpochSecond() : Long.MIN_VALUE);
        out.writeLong(e.startedAt() != null ? e.startedAt().getNano() : 0);
        out.writeString(e.keyId());
        out.writeString(e.teamId());
        out.writeString(e.userId());
        out.writeByte(endpointCode(e.endpoint()));
        out.writeString(e.model());
        out.writeString(e.provider());
        out.writeString(e.upstreamModel());
        TokenUsage u = e.usage();
        int flags = (e.stream() ? STREAM : 0) | (u != null ? HAS_USAGE : 0)
                | (u != null && u.estimated() ? ESTIMATED : 0) | (e.cacheHit() ? CACHE_HIT : 0);
        out.writeByte(flags);
        if (u != null) {
            out.writeLong(u.promptTokens());
            out.writeLong(u.completionTokens());
            out.writeLong(u.cachedTokens());
            out.writeLong(u.cacheWriteTokens());
            out.writeLong(u.reasoningTokens());
        }
        out.writeLong(e.costNanoUsd());
        out.writeLong(e.latencyMicros());
        out.writeLong(e.ttftMicros());
        out.writeLong(e.status());
        out.writeString(e.errorType());
        out.writeString(e.deployment());
        out.writeLong(e.attempts());
        out.writeString(e.orgId());
        out.writeLong(e.chargeNanoUsd());
    }

    /**
     * Decodes one record's payload.
     *
     * @throws IllegalArgumentException when the bytes are not a record this version understands
     */
    static Decoded decode(byte[] bytes, int offset, int length) {
        Input in = new Input(bytes, offset, offset + length);
        int version = in.readByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown usage record version " + version);
        }
        long spooledAt = in.readLong();
        String requestId = in.readString();
        long seconds = in.readLong();
        long nanos = in.readLong();
        Instant startedAt = seconds == Long.MIN_VALUE ? null : Instant.ofEpochSecond(seconds, nanos);
        String keyId = in.readString();
        String teamId = in.readString();
        String userId = in.readString();
        Endpoint endpoint = endpoint(in.readByte());
        String model = in.readString();
        String provider = in.readString();
        String upstreamModel = in.readString();
        int flags = in.readByte();
        TokenUsage usage = null;
        if ((flags & HAS_USAGE) != 0) {
            usage = new TokenUsage(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    (flags & ESTIMATED) != 0);
        }
        long cost = in.readLong();
        long latency = in.readLong();
        long ttft = in.readLong();
        int status = (int) in.readLong();
        String errorType = in.readString();
        String deployment = in.readString();
        int attempts = (int) in.readLong();
        String orgId = in.readString();
        long charge = in.readLong();
        if (in.pos != in.end) {
            throw new IllegalArgumentException("usage record has " + (in.end - in.pos) + " trailing bytes");
        }
        return new Decoded(new UsageEvent(requestId, startedAt, keyId, teamId, userId, endpoint, model, provider,
                upstreamModel, (flags & STREAM) != 0, usage, cost, latency, ttft, status, errorType, deployment,
                attempts, orgId, charge, (flags & CACHE_HIT) != 0), spooledAt);
    }

    /** Stable codes, independent of the enum's order: a spool outlives the build that wrote it. */
    private static int endpointCode(Endpoint endpoint) {
        if (endpoint == null) {
            return 0;
        }
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> 1;
            case COMPLETIONS -> 2;
            case EMBEDDINGS -> 3;
            case MESSAGES -> 4;
            case RESPONSES -> 5;
        };
    }

    private static Endpoint endpoint(int code) {
        return switch (code) {
            case 0 -> null;
            case 1 -> Endpoint.CHAT_COMPLETIONS;
            case 2 -> Endpoint.COMPLETIONS;
            case 3 -> Endpoint.EMBEDDINGS;
            case 4 -> Endpoint.MESSAGES;
            case 5 -> Endpoint.RESPONSES;
            default -> throw new IllegalArgumentException("unknown endpoint code " + code);
        };
    }

    /** A growable byte array, reused by one thread for record after record. */
    static final class Output {
        byte[] buf;
        int len;

        Output(int initialCapacity) {
            buf = new byte[initialCapacity];
        }

        void reset(int start) {
            len = start;
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        /** Zig-zag varint: small magnitudes of either sign take few bytes. */
        void writeLong(long v) {
            writeVarint((v << 1) ^ (v >> 63));
        }

        private void writeVarint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        void writeString(String s) {
            if (s == null) {
                writeVarint(0);
                return;
            }
            int n = s.length();
            boolean ascii = true;
            for (int i = 0; i < n && ascii; i++) {
                ascii = s.charAt(i) < 0x80;
            }
            if (ascii) { // the usual case (ids, names): no intermediate array
                writeVarint(n + 1L);
                ensure(n);
                for (int i = 0; i < n; i++) {
                    buf[len++] = (byte) s.charAt(i);
                }
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeVarint(utf8.length + 1L);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, len, utf8.length);
            len += utf8.length;
        }
    }

    private static final class Input {
        private final byte[] buf;
        private final int end;
        private int pos;

        Input(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        int readByte() {
            if (pos >= end) {
                throw new IllegalArgumentException("usage record ends early");
            }
            return buf[pos++] & 0xFF;
        }

        private long readVarint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed number in usage record");
        }

        long readLong() {
            long v = readVarint();
            return (v >>> 1) ^ -(v & 1);
        }

        String readString() {
            long n = readVarint();
            if (n == 0) {
                return null;
            }
            int len = (int) (n - 1);
            if (n - 1 > end - pos) {
                throw new IllegalArgumentException("usage record ends early");
            }
            String s = new String(buf, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }
    }
}
