package dev.tollgate.simulator.core;

import dev.tollgate.simulator.Behaviour;
import io.vertx.core.http.HttpHeaders;

/**
 * The request-level part of a behaviour, common to every endpoint and wire format: hang, wait
 * {@code ttft_ms}, then either the forced error status or the real answer. A fail or throttle drawn
 * by the rates arrives here as a forced status ({@link FaultDraw}).
 */
public final class FaultGate {

  private FaultGate() {}

  /**
   * @param respond renders the successful answer; runs on the event loop after the delay
   */
  public static void run(Exchange exchange, Behaviour behaviour, ErrorFormat errors, Runnable respond) {
    if (behaviour.hang()) {
      return; // accepted and never answered; the connection lives until the client gives up
    }
    exchange.after(behaviour.ttftMs(), () -> {
      if (behaviour.status() > 0) {
        sendForcedError(exchange, behaviour, errors);
      } else {
        respond.run();
      }
    });
  }

  /**
   * Sends the forced status, with {@code Retry-After} for 429, 503 and 529 (Anthropic's overload)
   * when configured, and {@code x-sim-fault} when the rates drew it.
   */
  public static void sendForcedError(Exchange exchange, Behaviour behaviour, ErrorFormat errors) {
    exchange.labelInjectedFault();
    exchange.countInjectedFault();
    int status = behaviour.status();
    String message = behaviour.errorMessage() != null ? behaviour.errorMessage() : errors.defaultMessage(status);
    if (retryable(status) && behaviour.retryAfter() > 0) {
      exchange.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(behaviour.retryAfter()));
      exchange.sendJson(status, errors.render(status, message, behaviour.retryAfter()));
    } else {
      exchange.sendJson(status, errors.render(status, message));
    }
  }

  /** The statuses a provider pairs with a retry delay: rate limited or overloaded. */
  public static boolean retryable(int status) {
    return status == 429 || status == 503 || status == 529;
  }
}
