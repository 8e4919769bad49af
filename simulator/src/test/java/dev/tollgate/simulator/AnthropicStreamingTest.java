package dev.tollgate.simulator;

import static dev.tollgate.simulator.AnthropicMessagesTest.HEADERS;
import static dev.tollgate.simulator.AnthropicMessagesTest.PATH;
import static dev.tollgate.simulator.AnthropicMessagesTest.TIME_TOOL;
import static dev.tollgate.simulator.AnthropicMessagesTest.WEATHER_TOOL;
import static dev.tollgate.simulator.AnthropicMessagesTest.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.SimHttp.Event;
import dev.tollgate.simulator.SimHttp.StreamResult;
import dev.tollgate.simulator.core.TokenCounting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/messages} with {@code stream: true}: event names, order and payloads. */
class AnthropicStreamingTest {

  private static final String THINKING = "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}";

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

  private static List<Event> stream(String body) {
    StreamResult result = http.streamNoAuth(PATH, body, HEADERS);
    assertThat(result.failure()).isNull();
    assertThat(result.status()).as(result.errorBody()).isEqualTo(200);
    assertThat(result.contentType()).startsWith("text/event-stream");
    for (Event e : result.events()) {
      assertThat(e.json().get("type").asText()).as("data.type matches the event name").isEqualTo(e.name());
    }
    return result.events();
  }

  private static JsonNode message(String body) {
    return SimHttp.json(http.postNoAuth(PATH, body, HEADERS).body());
  }

  private static List<String> names(List<Event> events) {
    return events.stream().map(Event::name).toList();
  }

  private static List<String> repeat(String name, int times) {
    return Collections.nCopies(times, name);
  }

  private static List<String> sequence(Object... parts) {
    List<String> out = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof List<?> list) {
        list.forEach(p -> out.add((String) p));
      } else {
        out.add((String) part);
      }
    }
    return out;
  }

  private static String concat(List<Event> events, String pointer) {
    StringBuilder sb = new StringBuilder();
    events.forEach(e -> sb.append(e.json().at(pointer).asText()));
    return sb.toString();
  }

  @Test
  void textStreamFollowsTheDocumentedEventSequence() {
    List<Event> events = stream(body("claude-x+chunks=3", true, null));

    assertThat(names(events)).containsExactlyElementsOf(sequence("message_start", "content_block_start", "ping",
        repeat("content_block_delta", 3), "content_block_stop", "message_delta", "message_stop"));

    JsonNode start = events.get(0).json().get("message");
    assertThat(start.get("id").asText()).startsWith("msg_");
    assertThat(start.get("model").asText()).isEqualTo("claude-x");
    assertThat(start.get("content")).isEmpty();
    assertThat(start.get("stop_reason").isNull()).isTrue();
    assertThat(start.at("/usage/input_tokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
    assertThat(start.at("/usage/output_tokens").asInt()).isEqualTo(1);

    assertThat(events.get(1).json().get("index").asInt()).isZero();
    assertThat(events.get(1).json().get("content_block").toString()).isEqualTo("{\"type\":\"text\",\"text\":\"\"}");
    List<Event> deltas = events.subList(3, 6);
    deltas.forEach(e -> assertThat(e.json().at("/delta/type").asText()).isEqualTo("text_delta"));
    deltas.forEach(e -> assertThat(e.json().get("index").asInt()).isZero());
    assertThat(concat(deltas, "/delta/text")).isEqualTo(message(body("claude-x+chunks=3", false, null)).at("/content/0/text").asText());
    assertThat(events.get(6).json().get("index").asInt()).isZero();

    JsonNode delta = events.get(7).json();
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    assertThat(delta.at("/delta/stop_sequence").isNull()).isTrue();
    assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(3);
    assertThat(delta.at("/usage/input_tokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
  }

  @Test
  void thinkingBlockStreamsFirstWithItsSignatureThenTheTextBlock() {
    List<Event> events = stream(body("claude-x+chunks=2", true, THINKING));
    int t = TokenCounting.THINKING_WORDS;

    assertThat(names(events)).containsExactlyElementsOf(sequence("message_start", "content_block_start", "ping",
        repeat("content_block_delta", t + 1), "content_block_stop", "content_block_start",
        repeat("content_block_delta", 2), "content_block_stop", "message_delta", "message_stop"));
    assertThat(events.get(1).json().get("content_block").toString())
        .isEqualTo("{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}");
    List<Event> thinking = events.subList(3, 3 + t);
    thinking.forEach(e -> assertThat(e.json().at("/delta/type").asText()).isEqualTo("thinking_delta"));
    JsonNode signature = events.get(3 + t).json();
    assertThat(signature.at("/delta/type").asText()).isEqualTo("signature_delta");
    assertThat(events.get(4 + t).json().get("index").asInt()).isZero();
    assertThat(events.get(5 + t).json().get("index").asInt()).isEqualTo(1);
    assertThat(events.get(5 + t).json().at("/content_block/type").asText()).isEqualTo("text");
    List<Event> text = events.subList(6 + t, 8 + t);
    text.forEach(e -> assertThat(e.json().get("index").asInt()).isEqualTo(1));
    assertThat(events.get(8 + t).json().get("index").asInt()).isEqualTo(1);
    assertThat(events.get(9 + t).json().at("/usage/output_tokens").asInt()).isEqualTo(t + 2);

    JsonNode whole = message(body("claude-x+chunks=2", false, THINKING)).get("content");
    assertThat(concat(thinking, "/delta/thinking")).isEqualTo(whole.at("/0/thinking").asText());
    assertThat(signature.at("/delta/signature").asText()).isEqualTo(whole.at("/0/signature").asText());
    assertThat(concat(text, "/delta/text")).isEqualTo(whole.at("/1/text").asText());
  }

  @Test
  void thinkingWithAnEmptyReplyStillClosesBothBlocks() {
    List<Event> events = stream(body("claude-x+chunks=0", true, THINKING));
    int t = TokenCounting.THINKING_WORDS;
    assertThat(names(events)).containsExactlyElementsOf(sequence("message_start", "content_block_start", "ping",
        repeat("content_block_delta", t + 1), "content_block_stop", "content_block_start", "content_block_stop",
        "message_delta", "message_stop"));
  }

  @Test
  void toolUseStreamsItsInputAsJsonPiecesOnePerOutputToken() {
    String extra = "\"tools\":[" + WEATHER_TOOL + "," + TIME_TOOL + "]";
    List<Event> events = stream(body("claude-x+tool_call=get_weather", true, extra));
    JsonNode whole = message(body("claude-x+tool_call=get_weather", false, extra));
    int pieces = whole.at("/usage/output_tokens").asInt();

    assertThat(names(events)).containsExactlyElementsOf(sequence("message_start", "content_block_start", "ping",
        repeat("content_block_delta", pieces), "content_block_stop", "message_delta", "message_stop"));
    JsonNode block = events.get(1).json().get("content_block");
    assertThat(block.get("type").asText()).isEqualTo("tool_use");
    assertThat(block.get("id").asText()).startsWith("toolu_");
    assertThat(block.get("name").asText()).isEqualTo("get_weather");
    assertThat(block.get("input")).isEmpty();
    List<Event> deltas = events.subList(3, 3 + pieces);
    deltas.forEach(e -> assertThat(e.json().at("/delta/type").asText()).isEqualTo("input_json_delta"));
    assertThat(SimHttp.json(concat(deltas, "/delta/partial_json"))).isEqualTo(whole.at("/content/0/input"));
    JsonNode delta = events.get(4 + pieces).json();
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(pieces);
  }

  @Test
  void thinkingThenToolUse() {
    String extra = "\"tools\":[" + TIME_TOOL + "]," + THINKING;
    List<Event> events = stream(body("claude-x+tool_call", true, extra));
    int t = TokenCounting.THINKING_WORDS;
    JsonNode toolStart = events.get(5 + t).json();
    assertThat(toolStart.get("index").asInt()).isEqualTo(1);
    assertThat(toolStart.at("/content_block/name").asText()).isEqualTo("get_time");
    assertThat(events.get(6 + t).json().at("/delta/type").asText()).isEqualTo("input_json_delta");
    assertThat(events.get(events.size() - 2).json().at("/delta/stop_reason").asText()).isEqualTo("tool_use");
  }

  @Test
  void maxTokensEndsTheStreamWithMaxTokens() {
    List<Event> events = stream(body("claude-x", true, null).replace("4096", "2"));
    assertThat(events).hasSize(3 + 2 + 3);
    JsonNode delta = events.get(6).json();
    assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void noUsageRemovesUsageFromStartAndDelta() {
    List<Event> events = stream(body("claude-x+chunks=1+no_usage", true, null));
    assertThat(events.get(0).json().at("/message").has("usage")).isFalse();
    assertThat(events.get(5).json().has("usage")).isFalse();
    assertThat(events.get(5).json().at("/delta/stop_reason").asText()).isEqualTo("end_turn");
  }

  @Test
  void malformedChunkBreaksOnlyItsDeltaAndKeepsTheBlockChange() {
    int t = TokenCounting.THINKING_WORDS;
    // chunk t+1 is the first text delta, which also carries the end of the thinking block
    StreamResult result = http.streamNoAuth(PATH, body("claude-x+chunks=2+malformed_at=" + (t + 1), true, THINKING), HEADERS);
    List<Event> events = result.events();
    assertThat(result.failure()).isNull();
    assertThat(events).hasSize(3 + t + 1 + 1 + 1 + 2 + 1 + 2);
    assertThat(events.get(3 + t).json().at("/delta/type").asText()).isEqualTo("signature_delta");
    assertThat(events.get(5 + t).json().get("type").asText()).isEqualTo("content_block_start");
    assertThat(events.get(6 + t).name()).isEqualTo("content_block_delta");
    assertThatThrownBy(() -> events.get(6 + t).json()).isInstanceOf(UncheckedIOException.class);
    assertThat(events.get(7 + t).json().at("/delta/text").asText()).isNotEmpty();
    assertThat(events.getLast().name()).isEqualTo("message_stop");
  }

  @Test
  void resetAfterCutsTheStreamBeforeMessageStop() {
    StreamResult result = http.streamNoAuth(PATH, body("claude-x+chunks=5+reset_after=2", true, null), HEADERS);
    assertThat(result.failure()).isInstanceOf(IOException.class);
    assertThat(result.events()).noneMatch(e -> "message_stop".equals(e.name()) || "message_delta".equals(e.name()));
  }
}
