package dev.tollgate.providers.bedrock;

import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.FramedStreams;
import dev.tollgate.spi.provider.TranslationException;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cuts an {@code application/vnd.amazon.eventstream} body into events with the AWS SDK's
 * {@link MessageDecoder}, which checks each frame's prelude and message CRC32s. A frame may span any number
 * of {@link #feed} calls and a call may complete several frames; completed frames go to the sink in order.
 *
 * <p>Each frame's {@code :message-type} header says what it is: {@code event} frames yield their
 * {@code :event-type} and the payload as UTF-8 text (JSON); {@code exception} frames (Bedrock's
 * {@code throttlingException}, {@code modelStreamErrorException}, …, with a {@code {"message":…}} payload) and
 * {@code error} frames ({@code :error-code}, {@code :error-message} headers) fail the stream with a
 * {@link TranslationException}. A corrupt frame fails it too: after a checksum failure nothing that follows
 * can be trusted to be framed right.
 */
final class EventStreamDecoder implements FramedStreams.StreamDecoder {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");

    private final List<Message> completed = new ArrayList<>();
    private final MessageDecoder decoder = new MessageDecoder(completed::add);
    private long pending;
    private boolean failed;

    @Override
    public void feed(byte[] bytes, int offset, int length, FramedStreams.EventSink sink) throws TranslationException {
        if (failed) {
            throw new TranslationException("the upstream event stream already failed");
        }
        if (length <= 0) {
            return;
        }
        pending += length;
        boolean corrupt = false;
        try {
            decoder.feed(bytes, offset, length);
        } catch (RuntimeException e) {
            corrupt = true; // frames completed before the bad one are still delivered first, in order
            failed = true;
        }
        List<Message> ready = List.copyOf(completed);
        completed.clear();
        for (Message message : ready) {
            pending -= frameLength(message);
            deliver(message, sink);
        }
        if (corrupt) {
            throw new TranslationException("the upstream event stream is corrupt (a frame failed its length or"
                    + " checksum check)");
        }
    }

    @Override
    public int pendingBytes() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, pending));
    }

    private void deliver(Message message, FramedStreams.EventSink sink) throws TranslationException {
        Map<String, HeaderValue> headers = message.getHeaders();
        String messageType = header(headers, ":message-type");
        String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
        if (messageType == null || messageType.equals("event")) {
            sink.onEvent(header(headers, ":event-type"), payload);
            return;
        }
        failed = true;
        if (messageType.equals("exception")) {
            String type = header(headers, ":exception-type");
            String detail = BedrockErrorBody.message(Json.parseOrNull(payload));
            throw new TranslationException("the upstream stream failed: " + describe(type)
                    + (detail == null ? "" : ": " + detail));
        }
        if (messageType.equals("error")) {
            String code = header(headers, ":error-code");
            String detail = header(headers, ":error-message");
            throw new TranslationException("the upstream stream failed: " + describe(code)
                    + (detail == null || detail.isBlank() ? "" : ": " + BedrockErrorBody.scrub(detail)));
        }
        throw new TranslationException("the upstream event stream sent a frame of an unknown message type");
    }

    /** A frame's length on the wire: prelude (12) + headers + payload + message CRC (4). */
    private static long frameLength(Message message) {
        return 16L + Message.encodeHeaders(message.getHeaders().entrySet()).length + message.getPayload().length;
    }

    private static String header(Map<String, HeaderValue> headers, String name) {
        HeaderValue value = headers.get(name);
        if (value == null) {
            return null;
        }
        try {
            return value.getString();
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return null; // a header of another type than string: treat as absent
        }
    }

    private static String describe(String name) {
        return name != null && NAME.matcher(name).matches() ? name : "unknown error";
    }
}
