package dev.tollgate.simulator.core;

import io.vertx.core.buffer.Buffer;

/**
 * The events of one streamed reply in a particular wire format; {@link StreamPacer} decides when
 * each is written and where faults cut in. Content chunks are numbered from 0 here and from 1 in
 * the {@code malformed_at} directive.
 */
public interface StreamScript {

  /** Number of content chunks. */
  int contentChunks();

  /** What precedes the first content chunk (e.g. OpenAI's role chunk), or {@code null}. */
  Buffer opening();

  /** The {@code index}-th content chunk, a complete event. */
  Buffer content(int index);

  /** A syntactically broken event that replaces a content chunk for {@code malformed_at}. */
  Buffer malformed();

  /**
   * What replaces content chunk {@code index} for {@code malformed_at}. Formats whose content chunks
   * also carry structural events (Anthropic opens a new content block in the first chunk of that
   * block) keep those intact here, so that only the one delta is broken and the stream goes on.
   */
  default Buffer malformed(int index) {
    return malformed();
  }

  /** Everything after the last content chunk: finish event, usage, terminator. */
  Buffer closing();
}
