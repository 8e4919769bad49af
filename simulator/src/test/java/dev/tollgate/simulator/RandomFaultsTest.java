package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.SimHttp.StreamResult;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fail_rate}, {@code throttle_rate}, {@code reset_rate} and {@code seed}, end to end, and {@code /_sim/stats}. */
class RandomFaultsTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final int DRAWS = 400;

  private static Simulator sim;
  private static SimHttp http;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    sim = Simulator.start(SimulatorOptions.defaults());
    http = new SimHttp(sim);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    sim.close();
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    assertThat(http.post("/_sim/reset", "").statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> anthropic(String model, boolean stream) {
    return http.postNoAuth(AnthropicMessagesTest.PATH, AnthropicMessagesTest.body(model, stream, null), AnthropicMessagesTest.HEADERS);
  }

  @Test
  void failRateOneFailsEveryOpenAiRequestWithALabelled500() {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = http.post(CHAT, chat("gpt-4o-mini+fail_rate=1", false, null));
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.headers().firstValue("x-sim-fault")).hasValue("fail");
      assertThat(response.headers().firstValue("retry-after")).isEmpty();
      assertThat(SimHttp.json(response.body()).at("/error/type").asText()).isEqualTo("server_error");
    }
    StreamResult stream = http.stream(CHAT, chat("gpt-4o-mini+fail_rate=1", true, null));
    assertThat(stream.status()).as("a stream fails before any event").isEqualTo(500);
  }

  @Test
  void failRateOneFailsAnthropicRequestsInAnthropicsShape() {
    HttpResponse<String> response = anthropic("claude-x+fail_rate=1", false);
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("x-sim-fault")).hasValue("fail");
    JsonNode json = SimHttp.json(response.body());
    assertThat(json.get("type").asText()).isEqualTo("error");
    assertThat(json.at("/error/type").asText()).isEqualTo("api_error");
  }

  @Test
  void failRateOneFailsGeminiAndBedrockRequestsInTheirShapes() {
    HttpResponse<String> gemini = http.postNoAuth(GeminiGenerateTest.path("gemini-2.5-flash+fail_rate=1", "generateContent"),
        GeminiGenerateTest.body(null), GeminiGenerateTest.HEADERS);
    GeminiGenerateTest.error(gemini, 500, "INTERNAL");
    assertThat(gemini.headers().firstValue("x-sim-fault")).hasValue("fail");

    HttpResponse<String> bedrock = http.postNoAuth(BedrockConverseTest.path("claude+fail_rate=1", "converse"),
        BedrockConverseTest.body(null), BedrockConverseTest.HEADERS);
    BedrockConverseTest.error(bedrock, 500, "InternalServerException");
    assertThat(bedrock.headers().firstValue("x-sim-fault")).hasValue("fail");
  }

  @Test
  void throttleRateOneIsA429WithRetryAfterOneSecondOrTheConfiguredDelay() {
    HttpResponse<String> openAi = http.post(CHAT, chat("gpt-4o-mini+throttle_rate=1", false, null));
    assertThat(openAi.statusCode()).isEqualTo(429);
    assertThat(openAi.headers().firstValue("retry-after")).hasValue("1");
    assertThat(openAi.headers().firstValue("x-sim-fault")).hasValue("throttle");
    assertThat(SimHttp.json(openAi.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");

    HttpResponse<String> anthropic = anthropic("claude-x+throttle_rate=1+retry_after=3", false);
    assertThat(anthropic.statusCode()).isEqualTo(429);
    assertThat(anthropic.headers().firstValue("retry-after")).hasValue("3");
    assertThat(anthropic.headers().firstValue("x-sim-fault")).hasValue("throttle");
    assertThat(SimHttp.json(anthropic.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
  }

  @Test
  void ratesOfZeroNeverFault() {
    String model = "gpt-4o-mini+fail_rate=0+throttle_rate=0+reset_rate=0+seed=1";
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = http.post(CHAT, chat(model, false, null));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("x-sim-fault")).isEmpty();
    }
    StreamResult stream = http.stream(CHAT, chat(model, true, null));
    assertThat(stream.failure()).isNull();
    assertThat(stream.events().getLast().done()).isTrue();
    assertThat(sim.stats().faults()).isZero();
  }

  @Test
  void forcedStatusesAreNotLabelledAsInjectedFaults() {
    HttpResponse<String> response = http.post(CHAT, chat("gpt-4o-mini+status=500", false, null));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("x-sim-fault")).isEmpty();
    assertThat(sim.stats().faults()).isZero();
  }

  /** What a Vert.x client got from a stream: java.net.http may drop chunks it had when the reset arrives. */
  private record Received(int status, MultiMap headers, List<String> events, Throwable failure) {}

  private static Received streamWithVertx(String uri, String body, String... headers) throws Exception {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(sim.port()));
    try {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(uri);
      for (int i = 0; i < headers.length; i += 2) {
        options.putHeader(headers[i], headers[i + 1]);
      }
      StringBuilder text = new StringBuilder();
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      CompletableFuture<HttpClientResponse> head = new CompletableFuture<>();
      client.request(options)
          .compose(request -> request.send(body))
          .onSuccess(response -> {
            head.complete(response);
            response.handler(chunk -> text.append(chunk.toString(StandardCharsets.UTF_8)));
            response.exceptionHandler(outcome::complete);
            response.endHandler(v -> outcome.complete(null));
          })
          .onFailure(outcome::complete);
      Throwable failure = outcome.get(5, TimeUnit.SECONDS);
      List<String> events = Arrays.stream(text.toString().split("\n\n")).filter(e -> e.contains("data: ")).toList();
      HttpClientResponse response = head.getNow(null);
      return new Received(response == null ? -1 : response.statusCode(), response == null ? null : response.headers(), events, failure);
    } finally {
      client.close().await();
    }
  }

  @Test
  void resetRateOneResetsEveryStreamAfterOneToChunksMinusOneChunks() throws Exception {
    List<Integer> contentChunks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Received r = streamWithVertx(CHAT, chat("gpt-4o-mini+chunks=4+reset_rate=1", true, null), "Authorization", SimHttp.KEY);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().get("x-sim-fault")).isEqualTo("reset");
      assertThat(r.failure()).as("the stream must break, not end").isInstanceOf(IOException.class);
      assertThat(r.failure().getMessage()).containsIgnoringCase("reset");
      assertThat(r.events()).noneMatch(e -> e.contains("[DONE]") || e.contains("finish_reason\":\"stop"));
      contentChunks.add(r.events().size() - 1); // minus the role chunk
    }
    assertThat(contentChunks).allMatch(n -> n >= 1 && n <= 3);
    assertThat(sim.stats().resets()).isEqualTo(12);
  }

  @Test
  void resetRateOneResetsAnthropicStreamsMidway() throws Exception {
    String[] headers = AnthropicMessagesTest.HEADERS;
    Received r = streamWithVertx(AnthropicMessagesTest.PATH, AnthropicMessagesTest.body("claude-x+reset_rate=1", true, null), headers);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.failure()).isInstanceOf(IOException.class);
    assertThat(r.events()).anyMatch(e -> e.contains("text_delta")).noneMatch(e -> e.contains("message_stop"));
  }

  @Test
  void resetRateOneDropsNonStreamedRequestsBeforeAnyByte() {
    assertThatThrownBy(() -> http.post(CHAT, chat("gpt-4o-mini+reset_rate=1", false, null))).isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> anthropic("claude-x+reset_rate=1", false)).isInstanceOf(UncheckedIOException.class);
    assertThat(sim.stats().resets()).isEqualTo(2);
  }

  private static List<Integer> statuses(String model, int n) {
    List<Integer> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(http.post(CHAT, chat(model, false, null)).statusCode());
    }
    return out;
  }

  @Test
  void aSeededHalfRateFailsAboutHalfAndTheSameSeedRepeatsTheRun() {
    assertThat(http.post("/_sim/config", "{\"fail_rate\":0.5,\"seed\":42}").statusCode()).isEqualTo(200);
    List<Integer> first = statuses("gpt-4o-mini", DRAWS);
    long failed = first.stream().filter(s -> s == 500).count();
    assertThat(first).containsOnly(200, 500);
    assertThat(failed).isBetween((long) (DRAWS * 0.4), (long) (DRAWS * 0.6));
    assertThat(sim.stats().fails()).isEqualTo(failed);

    assertThat(http.post("/_sim/config", "{\"seed\":42}").statusCode()).isEqualTo(200); // starts the sequence over
    assertThat(statuses("gpt-4o-mini", DRAWS)).isEqualTo(first);

    try (Simulator other = Simulator.start(SimulatorOptions.defaults())) {
      SimHttp otherHttp = new SimHttp(other);
      List<Integer> viaModelName = new ArrayList<>();
      for (int i = 0; i < DRAWS; i++) {
        viaModelName.add(otherHttp.post(CHAT, chat("gpt-4o-mini+fail_rate=0.5+seed=42", false, null)).statusCode());
      }
      assertThat(viaModelName).as("another simulator, the seed in the model name").isEqualTo(first);
    }

    assertThat(http.post("/_sim/config", "{\"seed\":43}").statusCode()).isEqualTo(200);
    assertThat(statuses("gpt-4o-mini", DRAWS)).as("another seed").isNotEqualTo(first);
  }

  @Test
  void statsCountRequestsFaultsByKindAndAbandonedAndResetZeroesThem() throws Exception {
    for (int i = 0; i < 3; i++) {
      http.post(CHAT, chat("gpt-4o-mini+fail_rate=1", false, null));
    }
    for (int i = 0; i < 2; i++) {
      http.post(CHAT, chat("gpt-4o-mini", false, null), "x-sim-throttle-rate", "1");
    }
    streamWithVertx(CHAT, chat("gpt-4o-mini+reset_rate=1", true, null), "Authorization", SimHttp.KEY);
    http.post(CHAT, chat("gpt-4o-mini", false, null));

    assertThat(sim.stats()).isEqualTo(new SimulatorStats(7, 3, 2, 1, 0));
    JsonNode stats = SimHttp.json(http.get("/_sim/stats").body());
    assertThat(stats.toString()).isEqualTo("{\"requests\":7,\"faults\":{\"fail\":3,\"throttle\":2,\"reset\":1},\"abandoned\":0}");

    assertThat(http.post("/_sim/reset", "").statusCode()).isEqualTo(200);
    assertThat(sim.stats()).isEqualTo(new SimulatorStats(0, 0, 0, 0, 0));
    assertThat(SimHttp.json(http.get("/_sim/stats").body()).at("/faults/fail").asLong()).isZero();
  }

  @Test
  void invalidRatesAreRejectedWithA400NamingThem() {
    HttpResponse<String> tooHigh = http.post(CHAT, chat("gpt-4o-mini+fail_rate=1.5", false, null));
    assertThat(tooHigh.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(tooHigh.body()).at("/error/message").asText())
        .contains("'fail_rate'").contains("fail_rate must be a fraction between 0 and 1");

    HttpResponse<String> negative = http.postNoAuth(AnthropicMessagesTest.PATH, AnthropicMessagesTest.body("claude-x", false, null),
        "x-api-key", "k", "x-sim-throttle-rate", "-0.1");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(negative.body()).at("/error/message").asText()).contains("throttle_rate must be a fraction between 0 and 1");

    HttpResponse<String> notANumber = http.post(CHAT, chat("gpt-4o-mini+reset_rate=abc", false, null));
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(notANumber.body()).at("/error/message").asText()).contains("'reset_rate' needs a number between 0 and 1");

    HttpResponse<String> config = http.post("/_sim/config", "{\"chunks\":3,\"fail_rate\":2}");
    assertThat(config.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(config.body()).at("/error/message").asText()).contains("fail_rate");
    JsonNode unchanged = SimHttp.json(http.get("/_sim/config").body());
    assertThat(unchanged.get("chunks").asInt()).isEqualTo(16);
    assertThat(unchanged.get("fail_rate").asDouble()).isZero();
    assertThat(unchanged.get("seed").isNull()).isTrue();
    assertThat(sim.stats().faults()).isZero();
  }
}
