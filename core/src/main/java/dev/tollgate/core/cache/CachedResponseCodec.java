package dev.tollgate.core.cache;

import dev.tollgate.spi.TokenUsage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An entry as one binary value, for stores outside the process: a format byte, status, content type, usage,
 * then the body or the stream's chunks, each length-prefixed. A value in another format (or truncated) reads as
 * no entry, so a format change needs no flush: old values simply miss and age out.
 */
public final class CachedResponseCodec {

    private static final byte FORMAT = 1;
    private static final byte BUFFERED = 0;
    private static final byte STREAMED = 1;

    private CachedResponseCodec() {
    }

    public static byte[] encode(CachedResponse entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8,
                entry.payloadBytes() + 128 + (entry.streamed() ? entry.chunks().size() * 4L : 0)));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeShort(entry.status());
            out.writeUTF(entry.contentType() == null ? "" : entry.contentType());
            TokenUsage u = entry.usage();
            out.writeBoolean(u != null);
            if (u != null) {
                out.writeLong(u.promptTokens());
                out.writeLong(u.completionTokens());
                out.writeLong(u.cachedTokens());
                out.writeLong(u.cacheWriteTokens());
                out.writeLong(u.reasoningTokens());
                out.writeBoolean(u.estimated());
            }
            if (entry.streamed()) {
                out.writeByte(STREAMED);
                out.writeInt(entry.chunks().size());
                for (byte[] chunk : entry.chunks()) {
                    out.writeInt(chunk.length);
                    out.write(chunk);
                }
            } else {
                out.writeByte(BUFFERED);
                out.writeInt(entry.body().length);
                out.write(entry.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    /** The entry, or null when the value is not one this version wrote. */
    public static CachedResponse decode(byte[] value) {
        if (value == null || value.length == 0 || value[0] != FORMAT) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 1, value.length - 1))) {
            int status = in.readUnsignedShort();
            String contentType = in.readUTF();
            TokenUsage usage = null;
            if (in.readBoolean()) {
                usage = new TokenUsage(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                        in.readBoolean());
            }
            byte kind = in.readByte();
            if (kind == STREAMED) {
                int count = in.readInt();
                if (count < 0 || count > value.length) {
                    return null;
                }
                List<byte[]> chunks = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    chunks.add(readBlock(in, value.length));
                }
                return CachedResponse.streamed(status, contentType, chunks, usage);
            }
            return CachedResponse.buffered(status, contentType, readBlock(in, value.length), usage);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] readBlock(DataInputStream in, int limit) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > limit) {
            throw new IOException("corrupt length");
        }
        byte[] block = new byte[length];
        in.readFully(block);
        return block;
    }
}
