package dev.tollgate.simulator;

import dev.tollgate.simulator.core.Exchange;
import dev.tollgate.simulator.core.ProviderApi;
import dev.tollgate.simulator.openai.OpenAiApi;
import dev.tollgate.simulator.openai.OpenAiErrors;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Entry point of every HTTP request on one event loop: control endpoints, else record the request
 * and hand it to the first wire format that owns its path, else an OpenAI-style 404.
 */
final class RequestRouter implements Handler<HttpServerRequest> {

  private final Vertx vertx;
  private final SimulatorState state;
  private final ControlApi control;

  RequestRouter(Vertx vertx, SimulatorState state) {
    this.vertx = vertx;
    this.state = state;
    this.control = new ControlApi(state);
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (path != null && path.startsWith(ControlApi.PREFIX)) {
      request.body().onSuccess(body -> control.handle(request, body));
    } else {
      request.body().onSuccess(body -> dispatch(request, path, body));
    }
  }

  private void dispatch(HttpServerRequest request, String path, Buffer body) {
    state.recorder().record(request, body);
    StatsCounters counters = state.counters();
    counters.countRequest();
    Exchange exchange = new Exchange(vertx, request, body, counters::countAbandoned, counters::countFault);
    try {
      for (ProviderApi api : state.apis()) {
        Handler<Exchange> handler = path == null ? null : api.route(request.method(), path);
        if (handler != null) {
          handler.handle(exchange);
          return;
        }
      }
      OpenAiApi.notFound(exchange);
    } catch (RuntimeException e) {
      // A simulator bug: answer visibly (if still possible) rather than leave the client hanging.
      if (!exchange.gone() && !request.response().headWritten()) {
        exchange.sendJson(500, OpenAiErrors.body("Simulator internal error: " + e, "server_error", null, null));
      }
    }
  }
}
