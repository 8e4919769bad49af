package dev.tollgate.simulator;

import static dev.tollgate.simulator.BedrockConverseTest.HEADERS;
import static dev.tollgate.simulator.BedrockConverseTest.SEED;
import static dev.tollgate.simulator.BedrockConverseTest.WEATHER;
import static dev.tollgate.simulator.BedrockConverseTest.body;
import static dev.tollgate.simulator.BedrockConverseTest.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.ReplyText;
import dev.tollgate.simulator.core.TokenCounting;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/** {@code POST /model/{modelId}/converse-stream}: event-stream frames, their order, usage, faults. */
class BedrockStreamTest {

  private static Simulator sim;
  private static SimHttp http;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    sim = Simulator.start(SimulatorOptions.defaults());
    http = new SimHttp(sim);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  /** One decoded frame: its event type and JSON payload. */
  record Event(String type, JsonNode json) {
    @Override
    public String toString() {
      return type + " " + json;
    }
  }

  /** What came back: status, content type, decoded frames, and why decoding or reading stopped (or null). */
  record Result(int status, String contentType, List<Event> events, String errorBody, Exception failure) {}

  private static Result stream(String model, String extra) {
    HttpRequest request = http.request(path(model, "converse-stream"), HEADERS)
        .POST(HttpRequest.BodyPublishers.ofString(body(extra))).build();
    List<Event> events = new ArrayList<>();
    HttpResponse<InputStream> response;
    try {
      response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      // A reset can beat the response head to the caller (as in SimHttp.streamNoAuth): the stream broke.
      return new Result(-1, null, events, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    String contentType = response.headers().firstValue("content-type").orElse("");
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        return new Result(response.statusCode(), contentType, events, new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
      }
      MessageDecoder decoder = new MessageDecoder(message -> events.add(event(message)));
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        decoder.feed(buffer, 0, n);
      }
      return new Result(200, contentType, events, null, null);
    } catch (IOException | RuntimeException e) {
      return new Result(response.statusCode(), contentType, events, null, e);
    }
  }

  private static Event event(Message message) {
    assertThat(message.getHeaders().get(":message-type").getString()).isEqualTo("event");
    assertThat(message.getHeaders().get(":content-type").getString()).isEqualTo("application/json");
    return new Event(message.getHeaders().get(":event-type").getString(),
        SimHttp.json(new String(message.getPayload(), StandardCharsets.UTF_8)));
  }

  private static List<Event> ok(String model, String extra) {
    Result result = stream(model, extra);
    assertThat(result.failure()).isNull();
    assertThat(result.status()).as(result.errorBody()).isEqualTo(200);
    assertThat(result.contentType()).isEqualTo("application/vnd.amazon.eventstream");
    return result.events();
  }

  private static JsonNode whole(String model, String extra) {
    return SimHttp.json(http.postNoAuth(path(model, "converse"), body(extra), HEADERS).body());
  }

  private static byte[] bytes(String path) {
    try {
      return CLIENT.send(http.request(path, HEADERS).POST(HttpRequest.BodyPublishers.ofString(body(null))).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> types(List<Event> events) {
    return events.stream().map(Event::type).toList();
  }

  @Test
  void textStreamsOneWordPerDeltaThenStopAndMetadata() {
    List<Event> events = ok("anthropic.claude-x+chunks=3", null);
    assertThat(types(events)).containsExactly("messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta",
        "contentBlockStop", "messageStop", "metadata");
    assertThat(events.getFirst().json()).isEqualTo(SimHttp.json("{\"role\":\"assistant\"}"));
    StringBuilder text = new StringBuilder();
    for (Event delta : events.subList(1, 4)) {
      assertThat(delta.json().get("contentBlockIndex").asInt()).isZero();
      text.append(delta.json().at("/delta/text").asText());
    }
    assertThat(text.toString()).isEqualTo(ReplyText.text(SEED, 3));
    assertThat(events.get(4).json()).isEqualTo(SimHttp.json("{\"contentBlockIndex\":0}"));
    assertThat(events.get(5).json().get("stopReason").asText()).isEqualTo("end_turn");
    JsonNode complete = whole("anthropic.claude-x+chunks=3", null);
    assertThat(events.get(6).json().get("usage")).isEqualTo(complete.get("usage"));
    assertThat(events.get(6).json().at("/metrics/latencyMs").isNumber()).isTrue();
    assertThat(text.toString()).isEqualTo(complete.at("/output/message/content/0/text").asText());
  }

  @Test
  void reasoningStreamsFirstThenItsSignatureThenTheTextInTheNextBlock() {
    String thinking = "\"inferenceConfig\":{\"maxTokens\":4000},"
        + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}";
    int t = TokenCounting.THINKING_WORDS;
    List<Event> events = ok("claude+chunks=2", thinking);
    StringBuilder reasoning = new StringBuilder();
    for (Event delta : events.subList(1, 1 + t)) {
      assertThat(delta.json().get("contentBlockIndex").asInt()).isZero();
      reasoning.append(delta.json().at("/delta/reasoningContent/text").asText());
    }
    JsonNode complete = whole("claude+chunks=2", thinking);
    assertThat(reasoning.toString()).isEqualTo(complete.at("/output/message/content/0/reasoningContent/reasoningText/text").asText());
    assertThat(events.get(1 + t).json().at("/delta/reasoningContent/signature").asText())
        .isEqualTo(complete.at("/output/message/content/0/reasoningContent/reasoningText/signature").asText());
    assertThat(events.get(2 + t).type()).isEqualTo("contentBlockStop");
    assertThat(events.get(3 + t).json().get("contentBlockIndex").asInt()).isEqualTo(1);
    assertThat(events.get(3 + t).json().at("/delta/text").asText()).isEqualTo(ReplyText.text(SEED, 1));
    assertThat(events.get(5 + t).json()).isEqualTo(SimHttp.json("{\"contentBlockIndex\":1}"));
    assertThat(events.getLast().json().at("/usage/outputTokens").asInt()).isEqualTo(t + 2);
  }

  @Test
  void aToolCallStartsItsBlockAndStreamsItsInputInPieces() {
    String tools = "\"toolConfig\":{\"tools\":[" + WEATHER + "],\"toolChoice\":{\"any\":{}}}";
    List<Event> events = ok("m", tools);
    assertThat(events.get(1).type()).isEqualTo("contentBlockStart");
    JsonNode start = events.get(1).json();
    assertThat(start.get("contentBlockIndex").asInt()).isZero();
    assertThat(start.at("/start/toolUse/name").asText()).isEqualTo("get_weather");
    assertThat(start.at("/start/toolUse/toolUseId").asText()).startsWith("tooluse_");
    StringBuilder input = new StringBuilder();
    events.stream().filter(e -> e.type().equals("contentBlockDelta"))
        .forEach(e -> input.append(e.json().at("/delta/toolUse/input").asText()));
    JsonNode complete = whole("m", tools);
    assertThat(SimHttp.json(input.toString())).isEqualTo(complete.at("/output/message/content/0/toolUse/input"));
    assertThat(events.get(events.size() - 2).json().get("stopReason").asText()).isEqualTo("tool_use");
    assertThat(events.getLast().json().get("usage")).isEqualTo(complete.get("usage"));
  }

  @Test
  void withThinkingTheToolBlockStartsAfterTheReasoningBlock() {
    String request = "\"toolConfig\":{\"tools\":[" + WEATHER + "]},"
        + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"adaptive\"}}";
    List<Event> events = ok("m+tool_call", request);
    int t = TokenCounting.THINKING_WORDS;
    assertThat(types(events).subList(0, 2)).containsExactly("messageStart", "contentBlockDelta");
    assertThat(events.get(2 + t).type()).isEqualTo("contentBlockStop");
    assertThat(events.get(3 + t).type()).isEqualTo("contentBlockStart");
    assertThat(events.get(3 + t).json().get("contentBlockIndex").asInt()).isEqualTo(1);
    assertThat(events.get(4 + t).json().at("/delta/toolUse/input").isTextual()).isTrue();
  }

  @Test
  void noUsageLeavesOnlyTheMetrics() {
    List<Event> events = ok("m+chunks=1+no_usage", null);
    assertThat(events.getLast().json().has("usage")).isFalse();
    assertThat(events.getLast().json().has("metrics")).isTrue();
  }

  @Test
  void malformedAtBreaksThatFramesChecksum() {
    Result result = stream("m+chunks=3+malformed_at=2", null);
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.failure()).isInstanceOf(IllegalArgumentException.class);
    assertThat(types(result.events())).containsExactly("messageStart", "contentBlockDelta");

    byte[] raw = bytes(path("m+chunks=3+malformed_at=2", "converse-stream"));
    byte[] clean = bytes(path("m+chunks=3", "converse-stream"));
    assertThat(raw).hasSameSizeAs(clean); // the stream goes on after the broken frame
  }

  @Test
  void resetAfterCutsTheStreamBeforeTheStop() {
    Result result = stream("m+chunks=3+reset_after=2", null);
    assertThat(result.failure()).isInstanceOf(IOException.class);
    // A reset may also drop what the client had not read yet, so only the start is certain.
    assertThat(types(result.events())).isSubsetOf("messageStart", "contentBlockDelta").hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void aForcedErrorComesAsJsonBeforeAnyFrame() {
    Result result = stream("m+status=429+retry_after=1", null);
    assertThat(result.status()).isEqualTo(429);
    assertThat(result.contentType()).isEqualTo("application/json");
    assertThat(SimHttp.json(result.errorBody()).get("message").asText()).isNotBlank();
    assertThatThrownBy(() -> stream("m+status=400", null).events().getFirst()).isInstanceOf(java.util.NoSuchElementException.class);
  }
}
