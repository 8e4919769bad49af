package dev.tollgate.core.openai;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A window on the bytes behind a Vert.x buffer, without copying them when the buffer is heap-backed
 * (which network buffers are: Vert.x hands them over as heap copies). Parsers and scanners read the
 * array directly instead of going through {@code Buffer.getByte}, which checks bounds on every byte.
 */
public record ByteView(byte[] array, int offset, int length) {

    public static ByteView of(Buffer buffer) {
        if (buffer instanceof BufferInternal internal) {
            ByteBuf buf = internal.getByteBuf();
            if (buf.hasArray()) {
                return new ByteView(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
            }
        }
        byte[] copy = buffer.getBytes();
        return new ByteView(copy, 0, copy.length);
    }

    public int end() {
        return offset + length;
    }
}
