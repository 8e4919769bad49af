package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.Directives;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlAndRecordingTest {

  private static Simulator sim;
  private static SimHttp http;

  @BeforeAll
  static void start() {
    sim = Simulator.start(SimulatorOptions.defaults().withBehaviour(Behaviour.defaults().withChunks(8)));
    http = new SimHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    assertThat(http.post("/_sim/reset", "").statusCode()).isEqualTo(200);
  }

  private static int completionTokens() {
    HttpResponse<String> response = http.post("/v1/chat/completions", chat("gpt-4o-mini", false, null));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return SimHttp.json(response.body()).at("/usage/completion_tokens").asInt();
  }

  @Test
  void getConfigShowsTheStartUpDefaults() {
    JsonNode config = SimHttp.json(http.get("/_sim/config").body());
    assertThat(config.get("chunks").asInt()).isEqualTo(8);
    assertThat(config.get("ttft_ms").asLong()).isZero();
    assertThat(config.get("reset_after").asInt()).isEqualTo(-1);
    assertThat(config.get("hang").asBoolean()).isFalse();
    assertThat(config.get("error_message").isNull()).isTrue();
    assertThat(config.properties()).hasSize(Directives.names().size()).hasSize(20);
  }

  @Test
  void postConfigOverlaysOnlyTheGivenFields() {
    HttpResponse<String> response = http.post("/_sim/config", "{\"chunks\":3,\"cached_tokens\":4,\"error_message\":\"boom\"}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode config = SimHttp.json(response.body());
    assertThat(config.get("chunks").asInt()).isEqualTo(3);
    assertThat(config.get("error_message").asText()).isEqualTo("boom");
    assertThat(config.get("gap_ms").asInt()).isZero();
    assertThat(completionTokens()).isEqualTo(3);
    assertThat(sim.defaults().behaviour().cachedTokens()).isEqualTo(4);

    http.post("/_sim/config", "{\"status\":503}");
    HttpResponse<String> failed = http.post("/v1/chat/completions", chat("gpt-4o-mini", false, null));
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(SimHttp.json(failed.body()).at("/error/message").asText()).isEqualTo("boom");
    assertThat(sim.defaults().behaviour().chunks()).isEqualTo(3);

    http.post("/_sim/reset", "");
    assertThat(completionTokens()).isEqualTo(8);
  }

  @Test
  void badConfigIsRejectedWholly() {
    HttpResponse<String> response = http.post("/_sim/config", "{\"chunks\":2,\"bogus\":1}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(response.body()).at("/error/message").asText()).contains("'bogus'");
    assertThat(http.post("/_sim/config", "{\"malformed_at\":0}").statusCode()).isEqualTo(400);
    assertThat(http.post("/_sim/config", "[1]").statusCode()).isEqualTo(400);
    assertThat(sim.defaults().behaviour().chunks()).isEqualTo(8);
  }

  @Test
  void setDefaultsIsVisibleThroughTheControlEndpoint() {
    sim.setDefaults(sim.defaults().withBehaviour(sim.defaults().behaviour().withChunks(5).withTtftMs(1)));
    assertThat(SimHttp.json(http.get("/_sim/config").body()).get("chunks").asInt()).isEqualTo(5);
    assertThat(completionTokens()).isEqualTo(5);
    assertThat(sim.defaults().port()).isEqualTo(sim.port());
  }

  @Test
  void recordedRequestsCaptureMethodPathHeadersAndBody() {
    String body = chat("gpt-4o-mini", false, null);
    http.post("/v1/chat/completions?trace=1", body, "X-Custom-Header", "Value-1");
    http.get("/_sim/config"); // control calls are not recorded

    List<RecordedRequest> recorded = sim.recentRequests();
    assertThat(recorded).hasSize(1);
    RecordedRequest r = recorded.getFirst();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v1/chat/completions?trace=1");
    assertThat(r.headers()).containsEntry("x-custom-header", "Value-1").containsEntry("authorization", SimHttp.KEY);
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(body.length()));
    assertThat(r.body()).isEqualTo(body);
    assertThat(r.at()).isNotNull();

    JsonNode viaHttp = SimHttp.json(http.get("/_sim/requests").body());
    assertThat(viaHttp).hasSize(1);
    assertThat(viaHttp.get(0).get("body").asText()).isEqualTo(body);
    assertThat(viaHttp.get(0).at("/headers/x-custom-header").asText()).isEqualTo("Value-1");

    sim.clearRecorded();
    assertThat(sim.recentRequests()).isEmpty();
  }

  @Test
  void recordingKeepsTheLast256NewestLast() {
    for (int i = 0; i < 260; i++) {
      http.post("/v1/nope", "{\"i\":" + i + "}");
    }
    List<RecordedRequest> recorded = sim.recentRequests();
    assertThat(recorded).hasSize(256);
    assertThat(recorded.getFirst().body()).isEqualTo("{\"i\":4}");
    assertThat(recorded.getLast().body()).isEqualTo("{\"i\":259}");
  }

  @Test
  void resetClearsRecordedRequests() {
    http.post("/v1/chat/completions", chat("gpt-4o-mini", false, null));
    assertThat(sim.recentRequests()).isNotEmpty();
    http.post("/_sim/reset", "");
    assertThat(sim.recentRequests()).isEmpty();
  }
}
