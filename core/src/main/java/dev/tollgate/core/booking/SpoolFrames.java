package dev.tollgate.core.booking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * The record framing of spool segments: a 4-byte payload length, a 4-byte CRC32C of the payload, then the
 * payload (big-endian). A frame whose length is out of range or whose checksum does not match ends the
 * readable part of its segment: it is the torn tail a crash left behind, never a record.
 */
final class SpoolFrames {

    static final int HEADER = 8;
    /** Far above any usage record; a larger length can only be garbage. */
    static final int MAX_PAYLOAD = 64 * 1024;

    private SpoolFrames() {
    }

    /** Fills the header of a frame whose payload was written after {@link #HEADER} reserved bytes. */
    static void seal(UsageEventCodec.Output out) {
        int payload = out.len - HEADER;
        CRC32C crc = new CRC32C();
        crc.update(out.buf, HEADER, payload);
        putInt(out.buf, 0, payload);
        putInt(out.buf, 4, (int) crc.getValue());
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /**
     * Reads frames of one segment sequentially through a buffer, so a batch of records costs a few reads,
     * not two per record. Not thread-safe.
     */
    static final class Reader {
        private final ByteBuffer buf = ByteBuffer.allocate(256 * 1024).order(ByteOrder.BIG_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private FileChannel channel;
        /** File offset of buf[0]; buf holds [bufStart, bufStart + buf.limit()). */
        private long bufStart;

        /** Reads from this channel from now on (a segment). */
        void use(FileChannel channel) {
            this.channel = channel;
            this.bufStart = 0;
            buf.clear().limit(0);
        }

        /**
         * The record starting at {@code offset}, or null when none is complete and valid before {@code limit}
         * (the end of what may be read: the file's end, or the writer's last finished record).
         */
        UsageEventCodec.Decoded read(long offset, long limit) throws IOException {
            if (!fill(offset, HEADER, limit)) {
                return null;
            }
            int at = (int) (offset - bufStart);
            int length = buf.getInt(at);
            int checksum = buf.getInt(at + 4);
            if (length <= 0 || length > MAX_PAYLOAD || !fill(offset, HEADER + length, limit)) {
                return null;
            }
            at = (int) (offset - bufStart);
            crc.reset();
            crc.update(buf.array(), at + HEADER, length);
            if ((int) crc.getValue() != checksum) {
                return null;
            }
            try {
                return UsageEventCodec.decode(buf.array(), at + HEADER, length);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** The size of the frame read last at {@code offset} (valid right after a successful {@link #read}). */
        int frameSize(long offset) {
            return HEADER + buf.getInt((int) (offset - bufStart));
        }

        /** Makes [offset, offset + need) available in the buffer, if the file has it before limit. */
        private boolean fill(long offset, int need, long limit) throws IOException {
            if (offset + need > limit) {
                return false;
            }
            if (offset >= bufStart && offset + need <= bufStart + buf.limit()) {
                return true;
            }
            buf.clear();
            bufStart = offset;
            long want = Math.min(buf.capacity(), limit - offset);
            buf.limit((int) want);
            while (buf.hasRemaining()) {
                int n = channel.read(buf, bufStart + buf.position());
                if (n <= 0) {
                    break;
                }
            }
            buf.limit(buf.position());
            return buf.limit() >= need;
        }
    }
}
