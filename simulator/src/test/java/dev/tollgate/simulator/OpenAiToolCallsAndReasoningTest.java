package dev.tollgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import dev.tollgate.simulator.SimHttp.Event;
import dev.tollgate.simulator.SimHttp.StreamResult;
import dev.tollgate.simulator.core.ReplyText;
import dev.tollgate.simulator.core.TokenCounting;
import dev.tollgate.simulator.core.ToolCall;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI chat format's tool calls ({@code tool_call} directive, {@code tool_choice}) and
 * reasoning ({@code reasoning_effort}), streamed and not, with exact usage; shapes checked against
 * the official OpenAPI document when it is found above the working directory.
 */
class OpenAiToolCallsAndReasoningTest {

  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}}}";
  private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":" + SCHEMA
      + "}},{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}]";
  private static final String DOCUMENT = "https://spec.tollgate.test/openai-openapi.yaml";

  private static Simulator sim;
  private static SimHttp http;
  private static SchemaRegistry registry;

  @BeforeAll
  static void start() throws IOException {
    sim = Simulator.start(SimulatorOptions.defaults());
    http = new SimHttp(sim);
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path spec = dir.resolve("specs/openai-openapi.yaml");
      if (Files.isRegularFile(spec)) {
        Dialect dialect = Dialect.builder(Dialects.getOpenApi31()).keyword(new NonValidationKeyword("nullable")).build();
        String yaml = Files.readString(spec).replaceAll("(?m)^[ \\t]+$", "");
        registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemas(Map.of(DOCUMENT, yaml)));
        break;
      }
    }
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static void assertValid(String schemaName, String json) {
    assertValid(schemaName, json, null);
  }

  /**
   * @param tolerated an instance location whose violations are not the simulator's: the document's
   *                  {@code ChatCompletionMessageToolCalls} is a {@code oneOf} with a
   *                  {@code discriminator} on {@code type} but no {@code mapping}, so the validator looks
   *                  for a schema named {@code function}; each call is validated against
   *                  {@code ChatCompletionMessageToolCall} instead
   */
  private static void assertValid(String schemaName, String json, String tolerated) {
    if (registry == null) {
      return;
    }
    Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT + "#/components/schemas/" + schemaName));
    List<String> violations = schema.validate(json, InputFormat.JSON).stream()
        .filter(e -> tolerated == null || !e.getInstanceLocation().toString().equals(tolerated))
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    assertThat(violations).as("%s against %s", json, schemaName).isEmpty();
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return SimHttp.json(response.body());
  }

  /** The call the simulator makes for {@link SimHttp#chat}'s messages. */
  private static ToolCall expectedCall() {
    return ToolCall.synthesize("get_weather", SimHttp.json(SCHEMA), ReplyText.seed(List.of("You are terse", "Say hello")));
  }

  @Test
  void theToolCallDirectiveAnswersWithToolCalls() {
    String raw = http.post("/v1/chat/completions", SimHttp.chat("gpt-4o+tool_call=get_weather", false, TOOLS)).body();
    JsonNode body = SimHttp.json(raw);
    JsonNode choice = body.at("/choices/0");
    assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode message = choice.get("message");
    assertThat(message.get("content").isNull()).isTrue();
    assertThat(message.get("tool_calls")).hasSize(1);
    JsonNode call = message.get("tool_calls").get(0);
    assertThat(call.get("id").asText()).startsWith("call_");
    assertThat(call.get("type").asText()).isEqualTo("function");
    assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
    ToolCall expected = expectedCall();
    assertThat(call.at("/function/arguments").asText()).isEqualTo(expected.arguments());
    assertThat(SimHttp.json(call.at("/function/arguments").asText()).get("days").isInt()).isTrue();

    JsonNode usage = body.get("usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(expected.tokens());
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS + expected.tokens());
    assertValid("CreateChatCompletionResponse", raw, "/choices/0/message/tool_calls/0");
    assertValid("ChatCompletionMessageToolCall", call.toString());
  }

  @Test
  void aStreamedToolCallOpensWithIdAndNameThenSendsArgumentPieces() {
    StreamResult result = http.stream("/v1/chat/completions",
        SimHttp.chat("gpt-4o+tool_call=get_weather", true, TOOLS + ",\"stream_options\":{\"include_usage\":true}"));
    assertThat(result.status()).isEqualTo(200);
    List<Event> events = result.events();
    ToolCall expected = expectedCall();
    // opening + one chunk per piece + finish + usage + [DONE]
    assertThat(events).hasSize(1 + expected.tokens() + 1 + 1 + 1);
    assertThat(events.getLast().done()).isTrue();

    JsonNode opening = events.getFirst().json().at("/choices/0/delta");
    assertThat(opening.get("role").asText()).isEqualTo("assistant");
    assertThat(opening.get("content").isNull()).isTrue();
    JsonNode head = opening.at("/tool_calls/0");
    assertThat(head.get("index").asInt()).isZero();
    assertThat(head.get("id").asText()).startsWith("call_");
    assertThat(head.get("type").asText()).isEqualTo("function");
    assertThat(head.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(head.at("/function/arguments").asText()).isEmpty();

    StringBuilder arguments = new StringBuilder();
    for (Event e : events.subList(1, 1 + expected.tokens())) {
      JsonNode piece = e.json().at("/choices/0/delta/tool_calls/0");
      assertThat(piece.get("index").asInt()).isZero();
      assertThat(piece.has("id")).isFalse();
      arguments.append(piece.at("/function/arguments").asText());
    }
    assertThat(arguments.toString()).isEqualTo(expected.arguments());

    JsonNode finish = events.get(1 + expected.tokens()).json();
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode usage = events.get(2 + expected.tokens()).json().get("usage");
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(expected.tokens());
    for (Event e : events.subList(0, events.size() - 1)) {
      assertValid("CreateChatCompletionStreamResponse", e.data());
    }
  }

  @Test
  void toolChoiceDecidesWithoutTheDirective() {
    JsonNode auto = ok(http.post("/v1/chat/completions", SimHttp.chat("gpt-4o", false, TOOLS)));
    assertThat(auto.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(auto.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();

    JsonNode required = ok(http.post("/v1/chat/completions", SimHttp.chat("gpt-4o", false, TOOLS + ",\"tool_choice\":\"required\"")));
    assertThat(required.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");

    JsonNode named = ok(http.post("/v1/chat/completions", SimHttp.chat("gpt-4o", false,
        TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}")));
    assertThat(named.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_time");
    assertThat(named.at("/choices/0/message/tool_calls/0/function/arguments").asText()).isEqualTo("{}");

    JsonNode none = ok(http.post("/v1/chat/completions", SimHttp.chat("gpt-4o+tool_call=get_weather", false,
        TOOLS + ",\"tool_choice\":\"none\"")));
    assertThat(none.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(none.at("/choices/0/message/content").asText()).isNotBlank();

    JsonNode empty = ok(http.post("/v1/chat/completions", SimHttp.chat("gpt-4o+tool_call", false, TOOLS)));
    assertThat(empty.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");

    JsonNode noTools = ok(http.post("/v1/chat/completions", SimHttp.chat("gpt-4o+tool_call=get_weather", false, null)));
    assertThat(noTools.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void badToolRequestsGetOpenAiErrors() {
    HttpResponse<String> undeclared = http.post("/v1/chat/completions", SimHttp.chat("gpt-4o+tool_call=nope", false, TOOLS));
    assertThat(undeclared.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(undeclared.body()).at("/error/message").asText()).contains("tool_call").contains("nope");

    HttpResponse<String> choiceWithoutTools = http.post("/v1/chat/completions", SimHttp.chat("gpt-4o", false, "\"tool_choice\":\"required\""));
    assertThat(choiceWithoutTools.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(choiceWithoutTools.body()).at("/error/param").asText()).isEqualTo("tool_choice");

    HttpResponse<String> unknownForced = http.post("/v1/chat/completions", SimHttp.chat("gpt-4o", false,
        TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"other\"}}"));
    assertThat(unknownForced.statusCode()).isEqualTo(400);

    HttpResponse<String> nameless = http.post("/v1/chat/completions", SimHttp.chat("gpt-4o", false,
        "\"tools\":[{\"type\":\"function\",\"function\":{}}]"));
    assertThat(nameless.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(nameless.body()).at("/error/param").asText()).isEqualTo("tools[0].function.name");
  }

  @Test
  void reasoningEffortIsCountedAsReasoningTokensButNeverShown() {
    String raw = http.post("/v1/chat/completions", SimHttp.chat("o3-mini", false, "\"reasoning_effort\":\"low\"")).body();
    JsonNode body = SimHttp.json(raw);
    String content = body.at("/choices/0/message/content").asText();
    assertThat(TokenCounting.words(content)).isEqualTo(16);
    JsonNode usage = body.get("usage");
    assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(TokenCounting.THINKING_WORDS);
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(TokenCounting.THINKING_WORDS + 16);
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS + TokenCounting.THINKING_WORDS + 16);
    assertValid("CreateChatCompletionResponse", raw);

    JsonNode plain = ok(http.post("/v1/chat/completions", SimHttp.chat("o3-mini", false, null)));
    assertThat(content).isEqualTo(plain.at("/choices/0/message/content").asText());
    assertThat(plain.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isZero();

    JsonNode none = ok(http.post("/v1/chat/completions", SimHttp.chat("o3-mini", false, "\"reasoning_effort\":\"none\"")));
    assertThat(none.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isZero();

    JsonNode directive = ok(http.post("/v1/chat/completions", SimHttp.chat("o3-mini+reasoning_tokens=5", false, "\"reasoning_effort\":\"high\"")));
    assertThat(directive.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(5);

    HttpResponse<String> bad = http.post("/v1/chat/completions", SimHttp.chat("o3-mini", false, "\"reasoning_effort\":\"extreme\""));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(bad.body()).at("/error/param").asText()).isEqualTo("reasoning_effort");
  }

  @Test
  void reasoningCountsAgainstTheCap() {
    JsonNode body = ok(http.post("/v1/chat/completions",
        SimHttp.chat("o3-mini", false, "\"reasoning_effort\":\"medium\",\"max_completion_tokens\":10")));
    assertThat(TokenCounting.words(body.at("/choices/0/message/content").asText())).isEqualTo(2);
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(10);
    assertThat(body.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(8);
  }

  @Test
  void aReasoningStreamHasOnlyTheReplyWordsAndReportsTheReasoning() {
    StreamResult result = http.stream("/v1/chat/completions", SimHttp.chat("o3-mini+chunks=4", true,
        "\"reasoning_effort\":\"low\",\"stream_options\":{\"include_usage\":true}"));
    List<Event> events = result.events();
    assertThat(events).hasSize(1 + 4 + 1 + 1 + 1);
    StringBuilder text = new StringBuilder();
    for (Event e : events.subList(1, 5)) {
      text.append(e.json().at("/choices/0/delta/content").asText());
    }
    assertThat(TokenCounting.words(text)).isEqualTo(4);
    JsonNode usage = events.get(6).json().get("usage");
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(4 + TokenCounting.THINKING_WORDS);
    assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(TokenCounting.THINKING_WORDS);
  }

  @Test
  void aToolCallStreamCountsArgumentPiecesAsContentChunks() {
    ToolCall expected = expectedCall();
    StreamResult result = http.stream("/v1/chat/completions",
        SimHttp.chat("gpt-4o+tool_call=get_weather+malformed_at=2", true, TOOLS));
    assertThat(result.failure()).isNull();
    List<Event> events = result.events();
    assertThat(events).hasSize(1 + expected.tokens() + 1 + 1);
    assertThat(events.get(2).data()).isEqualTo("{\"choices\":[{\"delta\":");
    assertThat(events.get(1).json().at("/choices/0/delta/tool_calls/0/function/arguments").asText())
        .isEqualTo(expected.pieces().getFirst());
  }
}
