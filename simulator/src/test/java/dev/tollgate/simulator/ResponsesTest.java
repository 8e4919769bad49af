package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.SimHttp.Event;
import dev.tollgate.simulator.SimHttp.StreamResult;
import dev.tollgate.simulator.core.TokenCounting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/responses}: the Response object, the event stream, tools, reasoning, usage and faults. */
class ResponsesTest {

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

  /** A Responses request with the same prompt as {@link SimHttp#chat}: instructions and one user message. */
  static String request(String model, boolean stream, String extra) {
    return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"instructions\":\"You are terse\","
        + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Say hello\"}]}]"
        + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
  }

  private static final String WEATHER_TOOL = "\"tools\":[{\"type\":\"function\",\"name\":\"get_weather\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]";

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    return SimHttp.json(response.body());
  }

  private static StreamResult okStream(StreamResult result) {
    assertThat(result.status()).as("%s", result.errorBody()).isEqualTo(200);
    assertThat(result.contentType()).startsWith("text/event-stream");
    assertThat(result.failure()).isNull();
    return result;
  }

  @Test
  void aResponseHasTheMessageTheChatReplyHasAndExactUsage() {
    JsonNode response = ok(http.post("/v1/responses", request("gpt-4o-mini", false,
        "\"max_output_tokens\":64,\"store\":false,\"metadata\":{\"k\":\"v\"}")));
    String chatText = SimHttp.json(http.post("/v1/chat/completions", chat("gpt-4o-mini", false, null)).body())
        .at("/choices/0/message/content").asText();

    assertThat(response.get("id").asText()).startsWith("resp_");
    assertThat(response.get("object").asText()).isEqualTo("response");
    assertThat(response.get("status").asText()).isEqualTo("completed");
    assertThat(response.get("created_at").asLong()).isPositive();
    assertThat(response.get("completed_at").asLong()).isGreaterThanOrEqualTo(response.get("created_at").asLong());
    assertThat(response.get("error").isNull()).isTrue();
    assertThat(response.get("incomplete_details").isNull()).isTrue();
    assertThat(response.get("model").asText()).isEqualTo("gpt-4o-mini");
    JsonNode output = response.get("output");
    assertThat(output).hasSize(1);
    JsonNode message = output.get(0);
    assertThat(message.get("type").asText()).isEqualTo("message");
    assertThat(message.get("id").asText()).startsWith("msg_");
    assertThat(message.get("role").asText()).isEqualTo("assistant");
    assertThat(message.get("status").asText()).isEqualTo("completed");
    assertThat(message.at("/content/0/type").asText()).isEqualTo("output_text");
    assertThat(message.at("/content/0/text").asText()).isEqualTo(chatText);
    assertThat(message.at("/content/0/annotations")).isEmpty();

    // the request's settings come back, OpenAI's defaults where it gave none
    assertThat(response.get("instructions").asText()).isEqualTo("You are terse");
    assertThat(response.get("max_output_tokens").asInt()).isEqualTo(64);
    assertThat(response.get("store").asBoolean()).isFalse();
    assertThat(response.at("/metadata/k").asText()).isEqualTo("v");
    assertThat(response.get("tools")).isEmpty();
    assertThat(response.get("tool_choice").asText()).isEqualTo("auto");
    assertThat(response.at("/text/format/type").asText()).isEqualTo("text");
    assertThat(response.at("/reasoning/effort").isNull()).isTrue();

    JsonNode usage = response.get("usage");
    int prompt = TokenCounting.chatPromptTokens("You are terse", "Say hello");
    assertThat(usage.get("input_tokens").asInt()).isEqualTo(prompt).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
    assertThat(usage.get("output_tokens").asInt()).isEqualTo(16).isEqualTo(TokenCounting.words(chatText));
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(prompt + 16);
    assertThat(usage.at("/input_tokens_details/cached_tokens").asInt()).isZero();
    assertThat(usage.at("/input_tokens_details/cache_write_tokens").asInt()).isZero();
    assertThat(usage.at("/output_tokens_details/reasoning_tokens").asInt()).isZero();
  }

  @Test
  void aStringInputIsOneUserMessage() {
    JsonNode response = ok(http.post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"two words\"}"));
    assertThat(response.at("/usage/input_tokens").asInt()).isEqualTo(TokenCounting.chatPromptTokens("two words"));
    assertThat(response.get("instructions").isNull()).isTrue();
  }

  @Test
  void cacheAndReasoningDirectivesAndAReasoningRequestFillTheUsageDetails() {
    JsonNode response = ok(http.post("/v1/responses", request(
        "gpt-4o-mini+chunks=4+cached_tokens=5+cache_write_tokens=3", false, "\"reasoning\":{\"effort\":\"low\"}")));
    JsonNode output = response.get("output");
    assertThat(output).hasSize(2);
    assertThat(output.get(0).get("type").asText()).as("the reasoning item comes first").isEqualTo("reasoning");
    assertThat(output.get(0).get("id").asText()).startsWith("rs_");
    assertThat(output.get(0).get("summary")).as("reasoning is counted, never shown").isEmpty();
    assertThat(output.get(1).get("type").asText()).isEqualTo("message");
    assertThat(response.at("/reasoning/effort").asText()).isEqualTo("low");

    JsonNode usage = response.get("usage");
    int reasoning = TokenCounting.THINKING_WORDS;
    assertThat(usage.at("/input_tokens_details/cached_tokens").asInt()).isEqualTo(5);
    assertThat(usage.at("/input_tokens_details/cache_write_tokens").asInt()).isEqualTo(3);
    assertThat(usage.at("/output_tokens_details/reasoning_tokens").asInt()).isEqualTo(reasoning);
    assertThat(usage.get("output_tokens").asInt()).isEqualTo(reasoning + 4);
  }

  @Test
  void theToolCallDirectiveAnswersWithAFunctionCallItem() {
    JsonNode response = ok(http.post("/v1/responses", request("gpt-4o-mini+tool_call=get_weather", false, WEATHER_TOOL)));
    JsonNode call = response.at("/output/0");
    assertThat(response.get("output")).hasSize(1);
    assertThat(call.get("type").asText()).isEqualTo("function_call");
    assertThat(call.get("id").asText()).startsWith("fc_");
    assertThat(call.get("call_id").asText()).startsWith("call_");
    assertThat(call.get("name").asText()).isEqualTo("get_weather");
    assertThat(call.get("status").asText()).isEqualTo("completed");
    JsonNode arguments = SimHttp.json(call.get("arguments").asText());
    assertThat(arguments.get("city").isTextual()).isTrue();
    assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(TokenCounting.toolCallTokens(call.get("arguments").asText()));
    assertThat(response.at("/tools/0/name").asText()).isEqualTo("get_weather");
  }

  @Test
  void aForcingToolChoiceCallsTheToolWithoutTheDirective() {
    JsonNode response = ok(http.post("/v1/responses", request("gpt-4o-mini", false,
        WEATHER_TOOL + ",\"tool_choice\":{\"type\":\"function\",\"name\":\"get_weather\"}")));
    assertThat(response.at("/output/0/type").asText()).isEqualTo("function_call");
    assertThat(response.at("/tool_choice/name").asText()).isEqualTo("get_weather");
    JsonNode auto = ok(http.post("/v1/responses", request("gpt-4o-mini", false, WEATHER_TOOL)));
    assertThat(auto.at("/output/0/type").asText()).as("tool_choice auto without the directive").isEqualTo("message");
  }

  @Test
  void maxOutputTokensCutsTheReplyShortAsIncomplete() {
    JsonNode response = ok(http.post("/v1/responses", request("gpt-4o-mini+chunks=20", false, "\"max_output_tokens\":16")));
    assertThat(response.get("status").asText()).isEqualTo("incomplete");
    assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
    assertThat(response.get("completed_at").isNull()).isTrue();
    assertThat(response.at("/output/0/status").asText()).isEqualTo("incomplete");
    assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(16);

    List<Event> events = okStream(http.stream("/v1/responses",
        request("gpt-4o-mini+chunks=20", true, "\"max_output_tokens\":16"))).events();
    assertThat(events.getLast().name()).isEqualTo("response.incomplete");
    assertThat(events.getLast().json().at("/response/status").asText()).isEqualTo("incomplete");
  }

  @Test
  void aStreamIsTheDocumentedEventSequenceNumberedFromZero() {
    List<Event> events = okStream(http.stream("/v1/responses", request("gpt-4o-mini+chunks=3", true, null))).events();
    List<String> types = events.stream().map(Event::name).toList();
    assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
        "response.output_text.delta", "response.output_text.done", "response.content_part.done",
        "response.output_item.done", "response.completed");
    StringBuilder deltas = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      JsonNode data = events.get(i).json();
      assertThat(data.get("type").asText()).as("data.type names event %d", i).isEqualTo(events.get(i).name());
      assertThat(data.get("sequence_number").asInt()).as("sequence_number of event %d", i).isEqualTo(i);
      if (events.get(i).name().equals("response.output_text.delta")) {
        deltas.append(data.get("delta").asText());
      }
    }
    JsonNode created = events.get(0).json().get("response");
    assertThat(created.get("status").asText()).isEqualTo("in_progress");
    assertThat(created.get("output")).isEmpty();
    assertThat(created.has("usage")).as("no usage before the end").isFalse();
    String itemId = events.get(2).json().at("/item/id").asText();
    assertThat(events.get(2).json().at("/item/status").asText()).isEqualTo("in_progress");
    assertThat(events.subList(3, 9)).allSatisfy(e -> assertThat(e.json().get("item_id").asText()).isEqualTo(itemId));
    assertThat(events.get(7).json().get("text").asText()).isEqualTo(deltas.toString());
    assertThat(events.get(8).json().at("/part/text").asText()).isEqualTo(deltas.toString());

    JsonNode completed = events.getLast().json().get("response");
    assertThat(completed.get("id").asText()).isEqualTo(created.get("id").asText());
    assertThat(completed.get("status").asText()).isEqualTo("completed");
    assertThat(completed.get("output")).containsExactly(events.get(9).json().get("item"));
    assertThat(completed.at("/output/0/content/0/text").asText()).isEqualTo(deltas.toString());
    assertThat(completed.at("/usage/output_tokens").asInt()).isEqualTo(3);
    assertThat(completed.at("/usage/input_tokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
  }

  @Test
  void aStreamedReasoningToolCallHasTheReasoningItemThenTheArgumentPieces() {
    List<Event> events = okStream(http.stream("/v1/responses", request("gpt-4o-mini+tool_call=get_weather", true,
        WEATHER_TOOL + ",\"reasoning\":{\"effort\":\"medium\"}"))).events();
    List<String> types = new ArrayList<>(events.stream().map(Event::name).toList());
    types.removeIf(t -> t.equals("response.function_call_arguments.delta"));
    assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
        "response.output_item.done", "response.output_item.added", "response.function_call_arguments.done",
        "response.output_item.done", "response.completed");
    assertThat(events.get(2).json().at("/item/type").asText()).isEqualTo("reasoning");
    assertThat(events.get(4).json().get("output_index").asInt()).isEqualTo(1);
    assertThat(events.get(4).json().at("/item/arguments").asText()).isEmpty();
    String pieces = events.stream().filter(e -> e.name().equals("response.function_call_arguments.delta"))
        .map(e -> e.json().get("delta").asText()).reduce("", String::concat);
    JsonNode done = events.stream().filter(e -> e.name().equals("response.function_call_arguments.done"))
        .findFirst().orElseThrow().json();
    assertThat(done.get("arguments").asText()).isEqualTo(pieces);
    assertThat(done.get("name").asText()).isEqualTo("get_weather");
    JsonNode completed = events.getLast().json().get("response");
    assertThat(completed.at("/output/1/arguments").asText()).isEqualTo(pieces);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).json().get("sequence_number").asInt()).isEqualTo(i);
    }
  }

  @Test
  void noUsageLeavesTheUsageOut() {
    assertThat(ok(http.post("/v1/responses", request("gpt-4o-mini+no_usage", false, null))).has("usage")).isFalse();
    List<Event> events = okStream(http.stream("/v1/responses", request("gpt-4o-mini+no_usage", true, null))).events();
    assertThat(events.getLast().json().get("response").has("usage")).isFalse();
  }

  @Test
  void latencyDirectivesPaceTheDeltas() {
    long ttft = 150;
    long gap = 60;
    StreamResult result = okStream(http.stream("/v1/responses", request("gpt-4o-mini+chunks=3+ttft_ms=" + ttft
        + "+gap_ms=" + gap, true, null)));
    List<Event> deltas = result.events().stream().filter(e -> e.name().equals("response.output_text.delta")).toList();
    assertThat(deltas).hasSize(3);
    for (int i = 0; i < 3; i++) {
      long sinceSent = TimeUnit.NANOSECONDS.toMillis(deltas.get(i).arrivedNanos() - result.sentNanos());
      assertThat(sinceSent).as("arrival of delta %d", i).isGreaterThanOrEqualTo((long) (0.8 * (ttft + i * gap)));
    }
  }

  @Test
  void faultDirectivesApply() {
    HttpResponse<String> limited = http.post("/v1/responses", request("gpt-4o-mini+status=429+retry_after=2", false, null));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("2");
    assertThat(SimHttp.json(limited.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");

    StreamResult cut = http.stream("/v1/responses", request("gpt-4o-mini+chunks=5+reset_after=2", true, null));
    assertThat(cut.failure()).isInstanceOf(IOException.class);
    assertThat(cut.events()).extracting(Event::name).doesNotContain("response.completed");

    List<Event> broken = okStream(http.stream("/v1/responses", request("gpt-4o-mini+chunks=3+malformed_at=2", true, null)))
        .events();
    Event second = broken.get(5);
    assertThat(second.name()).isEqualTo("response.output_text.delta");
    assertThatThrownBy(second::json).isInstanceOf(UncheckedIOException.class);
    assertThat(broken.getLast().name()).as("the stream goes on").isEqualTo("response.completed");

    assertThatThrownBy(() -> http.post("/v1/responses", request("gpt-4o-mini+reset_after=0", false, null)))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void invalidRequestsAreRefusedInOpenAisWords() {
    HttpResponse<String> previous = http.post("/v1/responses",
        "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"previous_response_id\":\"resp_123\"}");
    assertThat(previous.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(previous.body()).at("/error/param").asText()).isEqualTo("previous_response_id");
    assertThat(SimHttp.json(previous.body()).at("/error/message").asText()).contains("resp_123").contains("not found");

    HttpResponse<String> small = http.post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"max_output_tokens\":8}");
    assertThat(small.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(small.body()).at("/error/param").asText()).isEqualTo("max_output_tokens");

    HttpResponse<String> noInput = http.post("/v1/responses", "{\"model\":\"gpt-4o\"}");
    assertThat(noInput.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(noInput.body()).at("/error/param").asText()).isEqualTo("input");

    assertThat(http.postNoAuth("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\"}").statusCode()).isEqualTo(401);
  }
}
