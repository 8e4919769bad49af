package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BedrockEventStreamDecoderTest {

    private final EventStreamDecoder decoder = new EventStreamDecoder();
    private final List<String> events = new ArrayList<>();

    private void feed(byte[] bytes, int from, int to) throws TranslationException {
        decoder.feed(bytes, from, to - from, (type, payload) -> events.add(type + " " + payload));
    }

    @Test
    void severalFramesInOneChunkComeOutInOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(EventFrames.event("messageStart", Json.parse("{\"role\":\"assistant\"}", "t")));
        out.writeBytes(EventFrames.event("contentBlockDelta", Json.parse("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Grüße\"}}", "t")));
        out.writeBytes(EventFrames.event("messageStop", Json.parse("{\"stopReason\":\"end_turn\"}", "t")));
        byte[] bytes = out.toByteArray();
        feed(bytes, 0, bytes.length);
        assertThat(events).containsExactly(
                "messageStart {\"role\":\"assistant\"}",
                "contentBlockDelta {\"contentBlockIndex\":0,\"delta\":{\"text\":\"Grüße\"}}",
                "messageStop {\"stopReason\":\"end_turn\"}");
        assertThat(decoder.pendingBytes()).isZero();
    }

    @Test
    void aFrameSplitAcrossChunksWaitsForItsLastByte() throws Exception {
        String text = "x".repeat(70_000); // larger than any one network read
        byte[] frame = EventFrames.event("contentBlockDelta", Json.parse("{\"delta\":{\"text\":\"" + text + "\"}}", "t"));
        int at = 0;
        for (int piece : new int[] {3, 9, 1000, 40_000}) {
            feed(frame, at, at + piece);
            at += piece;
            assertThat(events).isEmpty();
            assertThat(decoder.pendingBytes()).isEqualTo(at);
        }
        feed(frame, at, frame.length);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst()).startsWith("contentBlockDelta {\"delta\":{\"text\":\"xxx");
        assertThat(decoder.pendingBytes()).isZero();
    }

    @Test
    void aFrameEndingMidChunkLeavesTheRestPending() throws Exception {
        byte[] one = EventFrames.event("a", TextNode.valueOf("1"));
        byte[] two = EventFrames.event("b", TextNode.valueOf("2"));
        byte[] both = ByteBuffer.allocate(one.length + two.length).put(one).put(two).array();
        feed(both, 0, one.length + 7);
        assertThat(events).containsExactly("a \"1\"");
        assertThat(decoder.pendingBytes()).isEqualTo(7);
        feed(both, one.length + 7, both.length);
        assertThat(events).containsExactly("a \"1\"", "b \"2\"");
        assertThat(decoder.pendingBytes()).isZero();
    }

    @Test
    void aBadPreludeChecksumFailsTheStreamForGood() throws Exception {
        byte[] good = EventFrames.event("messageStart", TextNode.valueOf("ok"));
        byte[] bad = EventFrames.event("contentBlockDelta", TextNode.valueOf("broken"));
        bad[9] ^= 0x01; // inside the prelude CRC
        byte[] bytes = ByteBuffer.allocate(good.length + bad.length).put(good).put(bad).array();
        assertThatThrownBy(() -> feed(bytes, 0, bytes.length)).isInstanceOf(TranslationException.class)
                .hasMessage("the upstream event stream is corrupt (a frame failed its length or checksum check)");
        assertThat(events).containsExactly("messageStart \"ok\""); // what came before the bad frame still counts
        assertThatThrownBy(() -> feed(good, 0, good.length)).hasMessage("the upstream event stream already failed");
    }

    @Test
    void exceptionFramesFailWithTheirScrubbedMessage() {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString("modelStreamErrorException"));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        byte[] frame = frame(headers, "{\"message\":\"Model failed for AKIAIOSFODNN7EXAMPLE\",\"originalStatusCode\":500}");
        assertThatThrownBy(() -> feed(frame, 0, frame.length)).isInstanceOf(TranslationException.class)
                .hasMessage("the upstream stream failed: modelStreamErrorException: Model failed for [redacted]");
    }

    @Test
    void unknownMessageTypesFail() {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("surprise"));
        byte[] frame = frame(headers, "{}");
        assertThatThrownBy(() -> feed(frame, 0, frame.length))
                .hasMessage("the upstream event stream sent a frame of an unknown message type");
    }

    @Test
    void framesWithoutMessageTypeAreEventsAndEmptyFeedsAreHarmless() throws Exception {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString("metadata"));
        headers.put("count", HeaderValue.fromInteger(3)); // headers of other types are allowed and ignored
        byte[] frame = frame(headers, "{\"usage\":{}}");
        feed(frame, 0, 0);
        feed(Arrays.copyOf(frame, frame.length), 0, frame.length);
        assertThat(events).containsExactly("metadata {\"usage\":{}}");
    }

    private static byte[] frame(Map<String, HeaderValue> headers, String payload) {
        ByteBuffer buffer = new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
