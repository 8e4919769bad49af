package dev.tollgate.simulator;

import static dev.tollgate.simulator.GeminiGenerateTest.HEADERS;
import static dev.tollgate.simulator.GeminiGenerateTest.WEATHER;
import static dev.tollgate.simulator.GeminiGenerateTest.body;
import static dev.tollgate.simulator.GeminiGenerateTest.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.SimHttp.Event;
import dev.tollgate.simulator.SimHttp.StreamResult;
import dev.tollgate.simulator.core.TokenCounting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code :streamGenerateContent}, with {@code alt=sse} and as a JSON array. */
class GeminiStreamingTest {

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

  private static String sse(String model) {
    return path(model, "streamGenerateContent") + "?alt=sse";
  }

  private static List<Event> stream(String model, String extra) {
    StreamResult result = http.streamNoAuth(sse(model), body(extra), HEADERS);
    assertThat(result.failure()).isNull();
    assertThat(result.status()).as(result.errorBody()).isEqualTo(200);
    assertThat(result.contentType()).isEqualTo("text/event-stream");
    return result.events();
  }

  private static JsonNode whole(String model, String extra) {
    return SimHttp.json(http.postNoAuth(path(model, "generateContent"), body(extra), HEADERS).body());
  }

  @Test
  void sseChunksCarryOneWordAndCumulativeUsageThenAFinalChunk() {
    List<Event> events = stream("gemini-2.5-flash+chunks=3", null);
    assertThat(events).hasSize(3 + 1);
    String id = events.getFirst().json().get("responseId").asText();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      JsonNode chunk = events.get(i).json();
      assertThat(chunk.get("responseId").asText()).isEqualTo(id);
      assertThat(chunk.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
      assertThat(chunk.at("/candidates/0/content/role").asText()).isEqualTo("model");
      assertThat(chunk.at("/candidates/0").has("finishReason")).isFalse();
      assertThat(chunk.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
      assertThat(chunk.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(i + 1);
      assertThat(chunk.at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS + i + 1);
      text.append(chunk.at("/candidates/0/content/parts/0/text").asText());
    }
    JsonNode last = events.getLast().json();
    assertThat(last.at("/candidates/0/content/parts/0/text").asText()).isEmpty();
    assertThat(last.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    JsonNode complete = whole("gemini-2.5-flash+chunks=3", null);
    assertThat(last.get("usageMetadata")).isEqualTo(complete.get("usageMetadata"));
    assertThat(text.toString()).isEqualTo(complete.at("/candidates/0/content/parts/0/text").asText());
  }

  @Test
  void sseFramingUsesGooglesLineEnds() {
    HttpResponse<String> raw = http.postNoAuth(sse("gemini-x+chunks=1"), body(null), HEADERS);
    assertThat(raw.body()).startsWith("data: {").endsWith("}\r\n\r\n");
    assertThat(raw.body().split("\r\n\r\n")).hasSize(2);
  }

  @Test
  void withoutAltSseTheStreamIsOneJsonArray() {
    HttpResponse<String> response = http.postNoAuth(path("gemini-x+chunks=2", "streamGenerateContent"), body(null), HEADERS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=UTF-8");
    JsonNode array = SimHttp.json(response.body());
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(2 + 1);
    assertThat(array.get(1).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(2);
    assertThat(array.get(2).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");

    JsonNode empty = SimHttp.json(http.postNoAuth(path("gemini-x+chunks=0", "streamGenerateContent"), body(null), HEADERS).body());
    assertThat(empty).hasSize(1);
  }

  @Test
  void thoughtsStreamFirstWhenIncluded() {
    int t = TokenCounting.THINKING_WORDS;
    String thinking = "\"generationConfig\":{\"thinkingConfig\":{\"includeThoughts\":true,\"thinkingBudget\":-1}}";
    List<Event> events = stream("gemini-x+chunks=2", thinking);
    assertThat(events).hasSize(t + 2 + 1);
    StringBuilder thoughts = new StringBuilder();
    for (int i = 0; i < t; i++) {
      JsonNode chunk = events.get(i).json();
      assertThat(chunk.at("/candidates/0/content/parts/0/thought").asBoolean()).isTrue();
      assertThat(chunk.at("/usageMetadata/thoughtsTokenCount").asInt()).isEqualTo(i + 1);
      assertThat(chunk.at("/usageMetadata").has("candidatesTokenCount")).isFalse();
      thoughts.append(chunk.at("/candidates/0/content/parts/0/text").asText());
    }
    assertThat(thoughts.toString()).isEqualTo(whole("gemini-x+chunks=2", thinking).at("/candidates/0/content/parts/0/text").asText());
    JsonNode firstText = events.get(t).json();
    assertThat(firstText.at("/candidates/0/content/parts/0").has("thought")).isFalse();
    assertThat(firstText.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(1);
    assertThat(events.getLast().json().at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS + t + 2);

    List<Event> hidden = stream("gemini-x+chunks=2", "\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":512}}");
    assertThat(hidden).hasSize(2 + 1);
    assertThat(hidden.getFirst().json().at("/usageMetadata/thoughtsTokenCount").asInt()).isEqualTo(t);
  }

  @Test
  void functionCallComesWholeInOneChunk() {
    String tools = "\"tools\":[{\"functionDeclarations\":[" + WEATHER + "]}]";
    List<Event> events = stream("gemini-x+tool_call", tools);
    assertThat(events).hasSize(1 + 1);
    JsonNode call = events.getFirst().json().at("/candidates/0/content/parts/0/functionCall");
    JsonNode complete = whole("gemini-x+tool_call", tools);
    assertThat(call).isEqualTo(complete.at("/candidates/0/content/parts/0/functionCall"));
    assertThat(events.getLast().json().get("usageMetadata")).isEqualTo(complete.get("usageMetadata"));
  }

  @Test
  void maxOutputTokensAndNoUsageShowInTheStream() {
    List<Event> capped = stream("gemini-x", "\"generationConfig\":{\"maxOutputTokens\":2}");
    assertThat(capped).hasSize(2 + 1);
    assertThat(capped.getLast().json().at("/candidates/0/finishReason").asText()).isEqualTo("MAX_TOKENS");

    List<Event> silent = stream("gemini-x+chunks=2+no_usage", null);
    assertThat(silent).noneMatch(e -> e.json().has("usageMetadata"));
  }

  @Test
  void malformedChunkAndResetApply() {
    StreamResult malformed = http.streamNoAuth(sse("gemini-x+chunks=3+malformed_at=2"), body(null), HEADERS);
    assertThat(malformed.events()).hasSize(3 + 1);
    assertThatThrownBy(() -> malformed.events().get(1).json()).isInstanceOf(UncheckedIOException.class);
    assertThat(malformed.events().get(2).json().at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(3);

    StreamResult reset = http.streamNoAuth(sse("gemini-x+chunks=3+reset_after=3"), body(null), HEADERS);
    assertThat(reset.failure()).isInstanceOf(IOException.class);
    assertThat(reset.events()).noneMatch(e -> e.data().contains("finishReason"));
  }
}
