package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.providers.canonical.Json;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes a stream fixture, one frame a line, as the bytes Bedrock sends (real event-stream frames, by the
 * AWS SDK's encoder):
 * <ul>
 *   <li>{@code {"event": "<:event-type>", "data": {…}}}: an event frame;</li>
 *   <li>{@code {"exception": "<:exception-type>", "data": {"message": …}}}: an exception frame;</li>
 *   <li>{@code {"error": {"code": …, "message": …}}}: an error frame (code and message in headers);</li>
 *   <li>{@code {"corrupt": {"event": …, "data": …}}}: an event frame whose message CRC is wrong;</li>
 *   <li>{@code {"truncated": {"event": …, "data": …}, "keep": N}}: the first N bytes of an event frame.</li>
 * </ul>
 */
final class EventFrames {

    private EventFrames() {
    }

    static byte[] encode(String jsonl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : jsonl.lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode frame = parse(line);
            byte[] bytes;
            if (frame.has("event")) {
                bytes = event(frame.get("event").asText(), frame.get("data"));
            } else if (frame.has("exception")) {
                Map<String, HeaderValue> headers = new LinkedHashMap<>();
                headers.put(":exception-type", HeaderValue.fromString(frame.get("exception").asText()));
                headers.put(":content-type", HeaderValue.fromString("application/json"));
                headers.put(":message-type", HeaderValue.fromString("exception"));
                bytes = frame(headers, frame.get("data"));
            } else if (frame.has("error")) {
                Map<String, HeaderValue> headers = new LinkedHashMap<>();
                headers.put(":error-code", HeaderValue.fromString(frame.get("error").get("code").asText()));
                headers.put(":error-message", HeaderValue.fromString(frame.get("error").get("message").asText()));
                headers.put(":message-type", HeaderValue.fromString("error"));
                bytes = frame(headers, null);
            } else if (frame.has("corrupt")) {
                bytes = event(frame.get("corrupt").get("event").asText(), frame.get("corrupt").get("data"));
                bytes[bytes.length - 1] ^= 0x5a;
            } else if (frame.has("truncated")) {
                bytes = event(frame.get("truncated").get("event").asText(), frame.get("truncated").get("data"));
                bytes = Arrays.copyOf(bytes, frame.get("keep").asInt());
            } else {
                throw new IllegalArgumentException("unknown fixture frame: " + line);
            }
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    static byte[] event(String type, JsonNode data) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return frame(headers, data);
    }

    private static byte[] frame(Map<String, HeaderValue> headers, JsonNode data) {
        byte[] payload = data == null ? new byte[0] : Json.compact(data).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = new Message(headers, payload).toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
