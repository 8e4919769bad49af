package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.SimHttp.Event;
import dev.tollgate.simulator.SimHttp.StreamResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private static Simulator sim;
  private static SimHttp http;

  @BeforeAll
  static void start() {
    sim = Simulator.start(SimulatorOptions.defaults());
    http = new SimHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static JsonNode error(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode error = SimHttp.json(response.body()).get("error");
    assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
    return error;
  }

  @Test
  void status429CarriesRetryAfterAndRateLimitError() {
    HttpResponse<String> response = http.post("/v1/chat/completions", chat("gpt-4o-mini+status=429+retry_after=2", false, null));
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).hasValue("2");
    JsonNode error = error(response);
    assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
    assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(error.get("param").isNull()).isTrue();
  }

  @Test
  void forcedStatusAppliesToStreamsBeforeAnyByte() {
    StreamResult result = http.stream("/v1/chat/completions", chat("gpt-4o-mini+status=429", true, null));
    assertThat(result.status()).isEqualTo(429);
    assertThat(result.contentType()).isEqualTo("application/json");
    assertThat(SimHttp.json(result.errorBody()).at("/error/type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void status500IsServerErrorWithoutRetryAfter() {
    HttpResponse<String> response = http.post("/v1/chat/completions", chat("gpt-4o-mini+status=500+retry_after=3", false, null));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("retry-after")).isEmpty();
    assertThat(error(response).get("type").asText()).isEqualTo("server_error");
  }

  @Test
  void status503IsOverloadedWithCustomMessage() {
    HttpResponse<String> response = http.post("/v1/chat/completions",
        chat("gpt-4o-mini+status=503+retry_after=1+error_message=try%20later", false, null));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("retry-after")).hasValue("1");
    JsonNode error = error(response);
    assertThat(error.get("type").asText()).isEqualTo("server_error");
    assertThat(error.get("code").asText()).isEqualTo("overloaded");
    assertThat(error.get("message").asText()).isEqualTo("try later");
  }

  @Test
  void hangAcceptsTheRequestAndNeverAnswers() {
    sim.clearRecorded();
    HttpRequest request = http.request("/v1/chat/completions", "Authorization", SimHttp.KEY)
        .timeout(Duration.ofMillis(300))
        .POST(HttpRequest.BodyPublishers.ofString(chat("gpt-4o-mini+hang", false, null)))
        .build();
    assertThatThrownBy(() -> http.send(request)).hasRootCauseInstanceOf(HttpTimeoutException.class);
    assertThat(sim.recentRequests()).extracting(RecordedRequest::body).anyMatch(b -> b.contains("+hang"));
  }

  /**
   * Uses the Vert.x client, as the gateway does: java.net.http may discard chunks it already
   * received when the reset arrives, so it cannot show that exactly N chunks got through.
   */
  @Test
  void resetAfterCutsTheStreamAfterNContentChunks() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(sim.port()));
      StringBuilder received = new StringBuilder();
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions").putHeader("Authorization", SimHttp.KEY))
          .compose(request -> request.send(chat("gpt-4o-mini+reset_after=3", true, null)))
          .onSuccess(response -> {
            response.handler(chunk -> received.append(chunk.toString(StandardCharsets.UTF_8)));
            response.exceptionHandler(outcome::complete);
            response.endHandler(v -> outcome.complete(null));
          })
          .onFailure(outcome::complete);

      Throwable failure = outcome.get(5, TimeUnit.SECONDS);
      assertThat(failure).as("the stream must break, not end").isInstanceOf(IOException.class);
      assertThat(failure.getMessage()).containsIgnoringCase("reset");
      List<String> events = Arrays.stream(received.toString().split("\n\n")).filter(e -> e.startsWith("data: ")).toList();
      assertThat(events).hasSize(1 + 3).noneMatch(e -> e.contains("[DONE]"));
      assertThat(SimHttp.json(events.get(3).substring(6)).at("/choices/0/delta/content").asText()).isNotEmpty();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void resetAfterBeyondTheChunkCountWithholdsOnlyTheEnd() {
    StreamResult result = http.stream("/v1/chat/completions", chat("gpt-4o-mini+chunks=2+reset_after=99", true, null));
    assertThat(result.failure()).isInstanceOf(IOException.class);
    assertThat(result.events()).noneMatch(Event::done);
  }

  @Test
  void resetAfterOnANonStreamRequestDropsTheConnection() {
    assertThatThrownBy(() -> http.post("/v1/chat/completions", chat("gpt-4o-mini+reset_after=0", false, null)))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void malformedAtSendsInvalidJsonForThatChunkOnly() {
    StreamResult result = http.stream("/v1/chat/completions", chat("gpt-4o-mini+chunks=4+malformed_at=2", true, null));
    assertThat(result.failure()).isNull();
    List<Event> events = result.events();
    assertThat(events).hasSize(1 + 4 + 1 + 1);
    assertThat(events.get(2).data()).isEqualTo("{\"choices\":[{\"delta\":");
    assertThatThrownBy(() -> events.get(2).json()).isInstanceOf(UncheckedIOException.class);
    for (int i : new int[] {0, 1, 3, 4, 5}) {
      assertThat(events.get(i).json().get("id")).isNotNull();
    }
    assertThat(events.getLast().done()).isTrue();
  }

  @Test
  void malformedAtOnANonStreamRequestSendsTruncatedJson() {
    HttpResponse<String> response = http.post("/v1/chat/completions", chat("gpt-4o-mini+malformed_at=1", false, null));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> SimHttp.json(response.body())).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void headerDirectivesApplyAndOverrideModelDirectives() {
    HttpResponse<String> forced = http.post("/v1/chat/completions", chat("gpt-4o-mini", false, null), "x-sim-status", "503");
    assertThat(forced.statusCode()).isEqualTo(503);

    HttpResponse<String> kebab = http.post("/v1/chat/completions", chat("gpt-4o-mini", false, null),
        "x-sim-status", "429", "x-sim-retry-after", "7");
    assertThat(kebab.headers().firstValue("retry-after")).hasValue("7");

    HttpResponse<String> overridden = http.post("/v1/chat/completions", chat("gpt-4o-mini+chunks=5+status=500", false, null),
        "x-sim-chunks", "2", "x-sim-status", "0");
    assertThat(overridden.statusCode()).isEqualTo(200);
    assertThat(SimHttp.json(overridden.body()).at("/usage/completion_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void hangViaHeaderIsDetectedByAnAsyncClientTimeout() {
    HttpRequest request = http.request("/v1/embeddings", "Authorization", SimHttp.KEY, "x-sim-hang", "true")
        .timeout(Duration.ofMillis(300))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}"))
        .build();
    var future = java.net.http.HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(future::isDone);
    assertThat(future).isCompletedExceptionally();
    assertThatThrownBy(future::join).hasCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void ttftAlsoDelaysForcedErrors() {
    long started = System.nanoTime();
    HttpResponse<String> response = http.post("/v1/chat/completions", chat("gpt-4o-mini+ttft_ms=120+status=500", false, null));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(Duration.ofNanos(System.nanoTime() - started).toMillis()).isGreaterThanOrEqualTo(96);
  }
}
