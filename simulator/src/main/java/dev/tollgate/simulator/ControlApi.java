package dev.tollgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Directives;
import dev.tollgate.simulator.core.Fault;
import dev.tollgate.simulator.core.Json;
import dev.tollgate.simulator.openai.OpenAiErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code /_sim/*} control endpoints, for scripts and for tests that only hold a URL:
 * <ul>
 *   <li>{@code GET /_sim/config}: current defaults, keyed by directive name;
 *   <li>{@code POST /_sim/config}: overlay the given fields onto the defaults (absent fields keep
 *       their value; all or nothing: one bad field rejects the whole update with a 400);
 *   <li>{@code POST /_sim/reset}: start-up defaults, recorded requests cleared, stats zeroed;
 *   <li>{@code GET /_sim/requests}: the recorded requests, oldest first;
 *   <li>{@code GET /_sim/stats}: {@code {"requests":N,"faults":{"fail":a,"throttle":b,"reset":c},"abandoned":d}}
 *       ({@link SimulatorStats}).
 * </ul>
 * No authentication and never recorded: these are not provider calls.
 */
final class ControlApi {

  static final String PREFIX = "/_sim/";

  private static final String NOT_AN_OBJECT = "The body must be a JSON object of directive names to values.";

  private final SimulatorState state;

  ControlApi(SimulatorState state) {
    this.state = state;
  }

  void handle(HttpServerRequest request, Buffer body) {
    String path = request.path();
    HttpMethod method = request.method();
    try {
      if (path.equals("/_sim/config") && method == HttpMethod.GET) {
        send(request, 200, config(state.defaults()));
      } else if (path.equals("/_sim/config") && method == HttpMethod.POST) {
        UnaryOperator<Behaviour> update = parseUpdate(body);
        send(request, 200, config(state.updateDefaults(update)));
      } else if (path.equals("/_sim/reset") && method == HttpMethod.POST) {
        state.reset();
        send(request, 200, config(state.defaults()));
      } else if (path.equals("/_sim/requests") && method == HttpMethod.GET) {
        send(request, 200, requests(state.recorder().snapshot()));
      } else if (path.equals("/_sim/stats") && method == HttpMethod.GET) {
        send(request, 200, stats(state.counters().snapshot()));
      } else {
        error(request, 404, "Unknown control endpoint " + method + " " + path);
      }
    } catch (IllegalArgumentException e) { // includes DirectiveException
      error(request, 400, e.getMessage());
    } catch (IOException e) {
      error(request, 400, NOT_AN_OBJECT); // the body is not JSON at all
    }
  }

  /** Compiles every field first, so that the update either applies entirely or not at all. */
  private static UnaryOperator<Behaviour> parseUpdate(Buffer body) throws IOException {
    JsonNode json = body.length() == 0 ? Json.MAPPER.createObjectNode() : Json.parse(body);
    if (!json.isObject()) {
      throw new IllegalArgumentException(NOT_AN_OBJECT);
    }
    List<UnaryOperator<Behaviour>> steps = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : json.properties()) {
      JsonNode value = field.getValue();
      steps.add(Directives.compile(field.getKey(), value.isNull() ? null : value.asText()));
    }
    return b -> {
      for (UnaryOperator<Behaviour> step : steps) {
        b = step.apply(b);
      }
      return b;
    };
  }

  private static byte[] config(Behaviour behaviour) {
    return write(Directives.describe(behaviour));
  }

  private static byte[] requests(List<RecordedRequest> recorded) {
    List<Map<String, Object>> out = new ArrayList<>(recorded.size());
    for (RecordedRequest r : recorded) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", r.method());
      m.put("path", r.path());
      m.put("headers", r.headers());
      m.put("body", r.body());
      m.put("at", r.at().toString());
      out.add(m);
    }
    return write(out);
  }

  private static byte[] stats(SimulatorStats stats) {
    Map<String, Object> faults = new LinkedHashMap<>();
    faults.put(Fault.FAIL.label(), stats.fails());
    faults.put(Fault.THROTTLE.label(), stats.throttles());
    faults.put(Fault.RESET.label(), stats.resets());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requests", stats.requests());
    out.put("faults", faults);
    out.put("abandoned", stats.abandoned());
    return write(out);
  }

  private static byte[] write(Object value) {
    try {
      return Json.MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // maps and strings always serialize
    }
  }

  private static void send(HttpServerRequest request, int status, byte[] json) {
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(json));
  }

  private static void error(HttpServerRequest request, int status, String message) {
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(OpenAiErrors.body(message, "invalid_request_error", null, null));
  }
}
