package dev.tollgate.simulator.gemini;

import dev.tollgate.simulator.core.Generation;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.core.StreamScript;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A {@code streamGenerateContent} reply: a sequence of complete {@code GenerateContentResponse}
 * chunks, each with one part and the cumulative {@code usageMetadata} so far:
 * <ol>
 *   <li>one chunk per thought word ({@code {"text":"word ","thought":true}}), only with
 *       {@code includeThoughts};</li>
 *   <li>one chunk per reply word ({@code {"text":"word "}}), or a single chunk with the whole
 *       {@code functionCall};</li>
 *   <li>a final chunk with an empty text part, {@code finishReason} and the complete usage.</li>
 * </ol>
 * The content chunks that {@code gap_ms}, {@code reset_after} and {@code malformed_at} count are
 * those of steps 1 and 2; the final chunk is the closing.
 *
 * <p>Framing follows {@code alt}: with {@code alt=sse} every chunk is {@code data: <json>\r\n\r\n}
 * ({@code text/event-stream}, Google's line ends); without it the chunks are the elements of one
 * JSON array, {@code [chunk,\r\nchunk,\r\n...]} ({@code application/json}), which is the REST
 * default. The JSON around each part is rendered once per stream.
 */
final class GeminiStream implements StreamScript {

  static final CharSequence SSE_TYPE = HttpHeaders.createOptimized("text/event-stream");
  static final CharSequence ARRAY_TYPE = HttpHeaders.createOptimized("application/json; charset=UTF-8");

  private static final byte[] HEAD = ascii("{\"candidates\":[{\"content\":{\"parts\":[");
  private static final byte[] TEXT_HEAD = ascii("{\"text\":\"");
  private static final byte[] TEXT_TAIL = ascii("\"}");
  private static final byte[] THOUGHT_TAIL = ascii("\",\"thought\":true}");
  private static final byte[] PARTS_END = ascii("],\"role\":\"model\"},\"index\":0}]");
  private static final byte[] USAGE = ascii(",\"usageMetadata\":");
  private static final byte[] MALFORMED = ascii("{\"candidates\":[{\"content\":");
  private static final byte[] SSE_START = ascii("data: ");
  private static final byte[] SSE_END = ascii("\r\n\r\n");
  private static final byte[] ARRAY_SEPARATOR = ascii(",\r\n");

  private final Generation gen;
  private final boolean sse;
  private final int thoughtChunks;
  private final byte[] tail;

  /** @param sse {@code alt=sse} framing, else a JSON array */
  GeminiStream(Generation gen, boolean includeThoughts, boolean sse, String responseId) {
    this.gen = gen;
    this.sse = sse;
    this.thoughtChunks = includeThoughts ? gen.thinkingWords() : 0;
    this.tail = Buffer.buffer(64).appendString(",\"modelVersion\":").appendBytes(Json.quoted(gen.model()))
        .appendString(",\"responseId\":").appendBytes(Json.quoted(responseId)).appendString("}").getBytes();
  }

  CharSequence contentType() {
    return sse ? SSE_TYPE : ARRAY_TYPE;
  }

  @Override
  public int contentChunks() {
    return thoughtChunks + (gen.toolCall() != null ? 1 : gen.completionTokens());
  }

  @Override
  public Buffer opening() {
    return sse ? null : Buffer.buffer("[");
  }

  @Override
  public Buffer content(int index) {
    Buffer out = start(index).appendBytes(HEAD);
    int candidates;
    int thoughts;
    if (index < thoughtChunks) {
      out.appendBytes(TEXT_HEAD).appendBytes(gen.thinkingDeltaBytes(index)).appendBytes(THOUGHT_TAIL);
      candidates = 0;
      thoughts = index + 1;
    } else if (gen.toolCall() != null) {
      out.appendBytes(Json.bytes(g -> GeminiResponse.writeFunctionCall(g, gen)));
      candidates = gen.toolCall().tokens();
      thoughts = gen.thinkingWords();
    } else {
      int word = index - thoughtChunks;
      out.appendBytes(TEXT_HEAD).appendBytes(gen.deltaBytes(word)).appendBytes(TEXT_TAIL);
      candidates = word + 1;
      thoughts = gen.thinkingWords();
    }
    out.appendBytes(PARTS_END);
    if (gen.usageAllowed()) {
      out.appendBytes(USAGE).appendString(GeminiUsage.json(gen, candidates, thoughts));
    }
    return end(out.appendBytes(tail));
  }

  @Override
  public Buffer malformed() {
    return malformed(1);
  }

  @Override
  public Buffer malformed(int index) {
    return end(start(index).appendBytes(MALFORMED));
  }

  /** The final chunk (empty text, finishReason, complete usage), then {@code ]} for an array. */
  @Override
  public Buffer closing() {
    Buffer out = start(contentChunks()).appendBytes(HEAD).appendBytes(TEXT_HEAD).appendBytes(TEXT_TAIL)
        .appendString("],\"role\":\"model\"},\"finishReason\":\"").appendString(GeminiUsage.finishReason(gen))
        .appendString("\",\"index\":0}]");
    if (gen.usageAllowed()) {
      out.appendBytes(USAGE).appendString(GeminiUsage.total(gen));
    }
    end(out.appendBytes(tail));
    return sse ? out : out.appendString("]");
  }

  /** What precedes chunk {@code index}: {@code data: }, or the array separator after the first element. */
  private Buffer start(int index) {
    Buffer out = Buffer.buffer(320);
    if (sse) {
      return out.appendBytes(SSE_START);
    }
    return index == 0 ? out : out.appendBytes(ARRAY_SEPARATOR);
  }

  private Buffer end(Buffer chunk) {
    return sse ? chunk.appendBytes(SSE_END) : chunk;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
