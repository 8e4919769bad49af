package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.function.Consumer;

/**
 * One request being answered, with its body already read. Owns the request's timers so that they
 * stop as soon as the client goes away, and knows the few ways a provider can answer or fail at
 * the transport level (JSON reply, truncated reply, aborted connection).
 *
 * <p>Used only on the request's event loop, hence no synchronization.
 */
public final class Exchange {

  public static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private static final long HTTP2_INTERNAL_ERROR = 0x2;

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Buffer body;
  private final Runnable onAbandoned;
  private final Consumer<Fault> onInjectedFault;
  private Fault injected;
  private boolean injectedCounted;
  private boolean gone;
  private boolean aborting;
  private boolean abandoned;
  private long timerId = -1;

  /**
   * @param onAbandoned called when the client goes away before the answer is complete (what a gateway
   *                    must do when its own client disconnects), so tests can see the cancellation
   * @param onInjectedFault called once when a fault drawn by the rates reaches the client
   */
  public Exchange(Vertx vertx, HttpServerRequest request, Buffer body, Runnable onAbandoned, Consumer<Fault> onInjectedFault) {
    this.vertx = vertx;
    this.request = request;
    this.response = request.response();
    this.body = body;
    this.onAbandoned = onAbandoned;
    this.onInjectedFault = onInjectedFault;
    response.closeHandler(v -> clientLeft());
    response.exceptionHandler(t -> clientLeft());
  }

  public HttpServerRequest request() {
    return request;
  }

  public HttpServerResponse response() {
    return response;
  }

  public Buffer body() {
    return body;
  }

  /** Remembers the fault drawn for this request ({@code null}: none), for labelling and counting it. */
  public void inject(Fault fault) {
    injected = fault;
  }

  /**
   * Names the injected fault in an {@code x-sim-fault} header, on a response about to carry it (an
   * error, or a stream that will be reset), so a test can tell it from a real failure.
   */
  public void labelInjectedFault() {
    if (injected != null && !response.headWritten()) {
      response.putHeader(Fault.HEADER, injected.label());
    }
  }

  /**
   * Counts the injected fault as delivered, once. Callers do it just before the client can see the
   * fault, so the count is already up to date when the client notices.
   */
  public void countInjectedFault() {
    if (injected != null && !injectedCounted) {
      injectedCounted = true;
      onInjectedFault.accept(injected);
    }
  }

  /** True once the client disconnected or the connection was aborted: nothing more may be sent. */
  public boolean gone() {
    return gone;
  }

  /** Runs {@code action} after {@code delayMs} on this event loop (now if 0), unless the client leaves first. */
  public void after(long delayMs, Runnable action) {
    if (gone) {
      return;
    }
    if (delayMs <= 0) {
      action.run();
      return;
    }
    timerId = vertx.setTimer(delayMs, id -> {
      timerId = -1;
      if (!gone) {
        action.run();
      }
    });
  }

  /** Sends a complete response. */
  public void send(int status, CharSequence contentType, Buffer content) {
    if (gone) {
      return;
    }
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(content);
  }

  public void sendJson(int status, Buffer json) {
    send(status, APPLICATION_JSON, json);
  }

  /**
   * Sends a successful non-streamed JSON reply, unless the behaviour asks for a transport fault:
   * {@code reset_after >= 0} aborts the connection instead of answering, {@code malformed_at >= 1}
   * sends only the first half of the JSON (so the body does not parse).
   */
  public void reply(Buffer json, Behaviour behaviour) {
    if (behaviour.resetAfter() >= 0) {
      abort();
    } else if (behaviour.malformedAt() >= 1) {
      sendJson(200, json.getBuffer(0, json.length() / 2));
    } else {
      sendJson(200, json);
    }
  }

  /**
   * Aborts the connection the way a crashed provider or a broken network does: a TCP reset
   * (SO_LINGER 0) rather than an orderly FIN, after flushing what was already written so the client
   * sees exactly the chunks sent before the failure. On HTTP/2 only the stream is reset, with
   * INTERNAL_ERROR as a failing server would.
   */
  public void abort() {
    countInjectedFault();
    aborting = true;
    stop();
    if (request.version() == HttpVersion.HTTP_2) {
      response.reset(HTTP2_INTERNAL_ERROR);
      return;
    }
    if (request.connection() instanceof ConnectionBase connection) {
      Channel channel = connection.channel();
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
      });
    } else {
      request.connection().close(); // unknown transport: an orderly close still cuts the stream short
    }
  }

  private void clientLeft() {
    if (!aborting && !abandoned && !response.ended()) {
      abandoned = true;
      onAbandoned.run();
    }
    stop();
  }

  private void stop() {
    gone = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }
}
