package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;
import io.vertx.core.http.HttpHeaders;

/**
 * Writes a {@link StreamScript} as a chunked response with the behaviour's timing and stream
 * faults. The caller has already waited {@code ttft_ms}.
 *
 * <p>Timeline: the opening and the first content chunk at once (so the time to first token is
 * {@code ttft_ms}), then {@code gap_ms} before each further content chunk, then the closing
 * events right after the last one. Each event is its own write, as a real provider flushes them.
 * Delays use event-loop timers, never sleeps; with no gap, writing follows the client's pace
 * (write-queue back-pressure) instead of buffering a whole long stream in memory.
 *
 * <p>Faults: {@code malformed_at=N} replaces content chunk N (1-based) with
 * {@link StreamScript#malformed(int)}; {@code reset_after=N} aborts the connection once N content
 * chunks were written (0: right after the headers, before any event; N at or beyond the chunk count: before the
 * closing events, so the terminator never arrives). A reset drawn by {@code reset_rate} arrives as
 * {@code reset_after} ({@link FaultDraw}).
 */
public final class StreamPacer {

  private final Exchange exchange;
  private final Behaviour behaviour;
  private final StreamScript script;
  private final int resetPoint;
  private int next;

  private StreamPacer(Exchange exchange, Behaviour behaviour, StreamScript script) {
    this.exchange = exchange;
    this.behaviour = behaviour;
    this.script = script;
    this.resetPoint = behaviour.resetAfter() < 0 ? -1 : Math.min(behaviour.resetAfter(), script.contentChunks());
  }

  /** Starts a 200 stream with the given content type and paces the script through it. */
  public static void start(Exchange exchange, Behaviour behaviour, StreamScript script, CharSequence contentType) {
    if (exchange.gone()) {
      return;
    }
    exchange.response().setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, contentType);
    exchange.labelInjectedFault(); // a drawn reset: the headers are the last chance to say so
    if (behaviour.resetAfter() == 0) {
      // a stream that dies before its first event: headers out, then the connection goes
      exchange.response().writeHead().onComplete(sent -> exchange.abort());
      return;
    }
    var opening = script.opening();
    if (opening != null) {
      exchange.response().write(opening);
    }
    new StreamPacer(exchange, behaviour, script).step();
  }

  private void step() {
    var response = exchange.response();
    int total = script.contentChunks();
    while (!exchange.gone()) {
      if (next == resetPoint) {
        exchange.abort();
        return;
      }
      if (next == total) {
        response.end(script.closing());
        return;
      }
      response.write(next + 1 == behaviour.malformedAt() ? script.malformed(next) : script.content(next));
      next++;
      if (next < total && behaviour.gapMs() > 0) {
        exchange.after(behaviour.gapMs(), this::step);
        return;
      }
      if (response.writeQueueFull()) {
        response.drainHandler(v -> {
          response.drainHandler(null);
          step();
        });
        return;
      }
    }
  }
}
