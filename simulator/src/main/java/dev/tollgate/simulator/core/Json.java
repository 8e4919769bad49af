package dev.tollgate.simulator.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON in and out. Responses are written with Jackson's streaming generator (no intermediate
 * tree) because they are produced on the hot path of every request.
 */
public final class Json {

  public static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private static final JsonFactory FACTORY = MAPPER.getFactory();

  /** Writes one JSON value to a generator. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private Json() {}

  public static byte[] bytes(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory output: only a bug gets here
    }
    return out.toByteArray();
  }

  public static Buffer buffer(Writer writer) {
    return Buffer.buffer(bytes(writer));
  }

  /** A JSON string literal, quotes included, as UTF-8. */
  public static byte[] quoted(String s) {
    byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] out = new byte[escaped.length + 2];
    out[0] = '"';
    System.arraycopy(escaped, 0, out, 1, escaped.length);
    out[out.length - 1] = '"';
    return out;
  }

  /** Parses a request body. @throws IOException when it is not JSON */
  public static JsonNode parse(Buffer body) throws IOException {
    return MAPPER.readTree(body.getBytes());
  }
}
