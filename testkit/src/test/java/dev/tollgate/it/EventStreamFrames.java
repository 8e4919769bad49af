package dev.tollgate.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A small, independent reader of {@code application/vnd.amazon.eventstream} bodies (Bedrock's
 * ConverseStream), so the conformance matrix reads what the upstream sent without the gateway's own decoder.
 * Each frame: total length and headers length (big-endian int32), the prelude's CRC32, the headers
 * ({@code name-length, name, type, value}), the payload, and the CRC32 of everything before it. Both CRCs are
 * checked.
 */
final class EventStreamFrames {

    /** One frame: its string headers and its payload as UTF-8 text. */
    record Frame(Map<String, String> headers, String payload) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private EventStreamFrames() {
    }

    static List<Frame> decode(byte[] body) {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(body);
        while (in.hasRemaining()) {
            int start = in.position();
            if (in.remaining() < 16) {
                throw new AssertionError("a truncated event-stream frame at byte " + start);
            }
            int total = in.getInt();
            int headersLength = in.getInt();
            int preludeCrc = in.getInt();
            if (total < 16 + headersLength || total > body.length - start) {
                throw new AssertionError("a bad event-stream frame length " + total + " at byte " + start);
            }
            if (crc(body, start, 8) != preludeCrc) {
                throw new AssertionError("a bad event-stream prelude CRC at byte " + start);
            }
            if (crc(body, start, total - 4) != ByteBuffer.wrap(body, start + total - 4, 4).getInt()) {
                throw new AssertionError("a bad event-stream message CRC at byte " + start);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            int headersEnd = in.position() + headersLength;
            while (in.position() < headersEnd) {
                byte[] name = new byte[in.get() & 0xff];
                in.get(name);
                int type = in.get();
                String value = switch (type) {
                    case 0 -> "true";
                    case 1 -> "false";
                    case 2 -> Byte.toString(in.get());
                    case 3 -> Short.toString(in.getShort());
                    case 4 -> Integer.toString(in.getInt());
                    case 5, 8 -> Long.toString(in.getLong());
                    case 6, 7 -> {
                        byte[] bytes = new byte[in.getShort() & 0xffff];
                        in.get(bytes);
                        yield new String(bytes, StandardCharsets.UTF_8);
                    }
                    case 9 -> {
                        in.position(in.position() + 16);
                        yield "uuid";
                    }
                    default -> throw new AssertionError("an unknown event-stream header type " + type);
                };
                headers.put(new String(name, StandardCharsets.UTF_8), value);
            }
            int payloadLength = total - 16 - headersLength;
            String payload = new String(body, in.position(), payloadLength, StandardCharsets.UTF_8);
            in.position(start + total);
            frames.add(new Frame(headers, payload));
        }
        return frames;
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
