package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimHttp.chat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ScratchResetTest {
  @Test
  void measure() throws Exception {
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
      SimHttp http = new SimHttp(sim);
      Map<String, Integer> outcomes = new TreeMap<>();
      for (int i = 0; i < 300; i++) {
        var r = http.stream("/v1/chat/completions", chat("gpt-4o-mini+reset_after=3", true, null));
        outcomes.merge("java events=" + r.events().size() + " " + (r.failure() == null ? null : r.failure().getMessage()), 1, Integer::sum);
      }
      Vertx vertx = Vertx.vertx();
      var client = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(sim.port()).setDefaultHost("127.0.0.1"));
      for (int i = 0; i < 300; i++) {
        CompletableFuture<String> out = new CompletableFuture<>();
        StringBuilder sb = new StringBuilder();
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions").putHeader("Authorization", "Bearer x"))
            .compose(req -> req.send(chat("gpt-4o-mini+reset_after=3", true, null)))
            .onSuccess(resp -> {
              resp.handler(b -> sb.append(b.toString()));
              resp.exceptionHandler(t -> out.complete("exc " + t.getClass().getSimpleName() + " " + t.getMessage()));
              resp.endHandler(v -> out.complete("end"));
            })
            .onFailure(t -> out.complete("fail " + t));
        String how = out.get();
        int events = sb.toString().split("data: ", -1).length - 1;
        outcomes.merge("vertx events=" + events + " " + how, 1, Integer::sum);
      }
      vertx.close();
      System.out.println("OUTCOMES " + outcomes);
    }
  }
}
