package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulatorLifecycleTest {

  @Test
  void startsOnAFreePortAndRejectsATakenOne() {
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
      assertThat(sim.port()).isPositive();
      assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
      assertThat(sim.defaults().behaviour()).isEqualTo(Behaviour.defaults());
      assertThatThrownBy(() -> Simulator.start(SimulatorOptions.defaults().withPort(sim.port())))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void servesManyConcurrentConnectionsOnTheSharedPort() {
    try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
            .header("Authorization", SimHttp.KEY)
            .POST(HttpRequest.BodyPublishers.ofString(chat("gpt-4o-mini", i % 2 == 0, null)))
            .build();
        responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      for (int i = 0; i < responses.size(); i++) {
        HttpResponse<String> response = responses.get(i).join();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(i % 2 == 0 ? "data: [DONE]" : "\"completion_tokens\":16");
      }
    }
  }

  @Test
  void closeIsIdempotentAndStopsListening() {
    Simulator sim = Simulator.start(SimulatorOptions.defaults());
    SimHttp http = new SimHttp(sim);
    assertThat(http.get("/_sim/config").statusCode()).isEqualTo(200);
    sim.close();
    sim.close();
    assertThatThrownBy(() -> http.get("/_sim/config")).isInstanceOf(java.io.UncheckedIOException.class);
  }

  @Test
  void mainOptionsMapToSimulatorOptions() {
    SimulatorMain main = new SimulatorMain();
    new CommandLine(main).parseArgs("--port", "0", "--host", "127.0.0.1", "--ttft-ms", "25", "--gap-ms", "5", "--chunks", "40");
    SimulatorOptions options = main.options();
    assertThat(options.port()).isZero();
    assertThat(options.behaviour()).isEqualTo(Behaviour.defaults().withTtftMs(25).withGapMs(5).withChunks(40));

    SimulatorMain defaults = new SimulatorMain();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.options()).isEqualTo(new SimulatorOptions("127.0.0.1", 8089, Behaviour.defaults()));
  }
}
