package dev.tollgate.simulator.bedrock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * {@code application/vnd.amazon.eventstream} frames, encoded by the AWS SDK's event-stream codec (which
 * computes the prelude and message CRC32s). Every ConverseStream event is one frame with the headers
 * {@code :event-type}, {@code :content-type: application/json} and {@code :message-type: event}, and
 * the event's JSON as payload.
 */
final class EventFrames {

  static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("application/vnd.amazon.eventstream");

  private static final Map<String, Map<String, HeaderValue>> HEADERS = new ConcurrentHashMap<>();

  private EventFrames() {}

  /** One event frame. */
  static Buffer event(String type, byte[] json) {
    ByteBuffer frame = new Message(headers(type), json).toByteBuffer();
    byte[] bytes = new byte[frame.remaining()];
    frame.get(bytes);
    return Buffer.buffer(bytes);
  }

  /**
   * The same frame with its message CRC broken (the last byte flipped), so that a decoder that checks
   * it rejects the frame; the framing itself (lengths, prelude CRC) stays intact.
   */
  static Buffer corrupt(Buffer frames) {
    int last = frames.length() - 1;
    return frames.setByte(last, (byte) (frames.getByte(last) ^ 0x5a));
  }

  private static Map<String, HeaderValue> headers(String type) {
    return HEADERS.computeIfAbsent(type, t -> {
      Map<String, HeaderValue> headers = new LinkedHashMap<>();
      headers.put(":event-type", HeaderValue.fromString(t));
      headers.put(":content-type", HeaderValue.fromString("application/json"));
      headers.put(":message-type", HeaderValue.fromString("event"));
      return Collections.unmodifiableMap(headers);
    });
  }
}
