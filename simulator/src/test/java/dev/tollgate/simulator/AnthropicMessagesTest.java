package dev.tollgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.ReplyText;
import dev.tollgate.simulator.core.TokenCounting;
import dev.tollgate.simulator.core.ToolCall;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/messages} without streaming, and {@code /v1/messages/count_tokens}. */
class AnthropicMessagesTest {

  static final String PATH = "/v1/messages";
  static final String[] HEADERS = {"x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01"};
  static final String WEATHER_TOOL = "{\"name\":\"get_weather\",\"description\":\"Weather\",\"input_schema\":{\"type\":\"object\","
      + "\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"},\"unit\":{\"enum\":[\"celsius\",\"fahrenheit\"]}},"
      + "\"required\":[\"city\"]}}";
  static final String TIME_TOOL = "{\"name\":\"get_time\",\"input_schema\":{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}}}}";

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

  /** A Messages body with system "You are terse" and one user message "Say hello" (14 prompt tokens). */
  static String body(String model, boolean stream, String extra) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":4096,\"stream\":" + stream
        + ",\"system\":\"You are terse\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]"
        + (extra == null ? "" : "," + extra) + "}";
  }

  static HttpResponse<String> post(SimHttp http, String path, String body) {
    return http.postNoAuth(path, body, HEADERS);
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    return SimHttp.json(response.body());
  }

  private static JsonNode error(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode json = SimHttp.json(response.body());
    assertThat(json.get("type").asText()).isEqualTo("error");
    assertThat(json.at("/error/type").asText()).isEqualTo(type);
    return json.get("error");
  }

  @Test
  void messageHasOneTextBlockExactUsageAndTheSameWordsAsOpenAi() {
    JsonNode message = ok(post(http, PATH, body("claude-sonnet-4-5+chunks=5", false, null)));

    assertThat(message.get("id").asText()).startsWith("msg_");
    assertThat(message.get("type").asText()).isEqualTo("message");
    assertThat(message.get("role").asText()).isEqualTo("assistant");
    assertThat(message.get("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(message.get("content")).hasSize(1);
    assertThat(message.at("/content/0/type").asText()).isEqualTo("text");
    String text = message.at("/content/0/text").asText();
    assertThat(text).matches("([a-z]+ ){5}");
    assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(message.get("stop_sequence").isNull()).isTrue();
    JsonNode usage = message.get("usage");
    assertThat(usage.get("input_tokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS); // system counts as a message
    assertThat(usage.get("output_tokens").asInt()).isEqualTo(5);
    assertThat(usage.get("cache_creation_input_tokens").asInt()).isZero();
    assertThat(usage.get("cache_read_input_tokens").asInt()).isZero();
    assertThat(usage.get("service_tier").asText()).isEqualTo("standard");

    String openAi = SimHttp.json(http.post("/v1/chat/completions", SimHttp.chat("gpt-4o-mini+chunks=5", false, null)).body())
        .at("/choices/0/message/content").asText();
    assertThat(text).as("same conversation, same reply in every format").isEqualTo(openAi);
  }

  @Test
  void blockContentCountsTextAndToolResultsOnly() {
    String body = "{\"model\":\"claude-x\",\"max_tokens\":10,"
        + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief\"},{\"type\":\"text\",\"text\":\"please\"}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this\"},"
        + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"AAAA\"}}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"many words here\",\"signature\":\"s\"},"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"look\",\"input\":{\"q\":\"a b c\"}}]},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"a cat\"},"
        + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\",\"content\":[{\"type\":\"text\",\"text\":\"and a dog\"}]}]}]}";
    int expected = TokenCounting.promptTokens("Be brief please", List.of("What is this", "", "a cat and a dog"));
    assertThat(expected).isEqualTo((3 + 3) + (3 + 3) + (0 + 3) + (5 + 3) + 3);

    assertThat(ok(post(http, PATH, body)).at("/usage/input_tokens").asInt()).isEqualTo(expected);
    assertThat(ok(post(http, PATH + "/count_tokens", body.replace("\"max_tokens\":10,", ""))).get("input_tokens").asInt())
        .isEqualTo(expected);
  }

  @Test
  void maxTokensCutsTheReplyShort() {
    JsonNode message = ok(post(http, PATH, body("claude-x", false, null).replace("4096", "3")));
    assertThat(message.get("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(3);
    assertThat(TokenCounting.words(message.at("/content/0/text").asText())).isEqualTo(3);
  }

  @Test
  void cacheDirectivesSplitThePromptAsAnthropicBillsIt() {
    JsonNode usage = ok(post(http, PATH, body("claude-x+cached_tokens=4+cache_write_tokens=3", false, null))).get("usage");
    assertThat(usage.get("cache_read_input_tokens").asInt()).isEqualTo(4);
    assertThat(usage.get("cache_creation_input_tokens").asInt()).isEqualTo(3);
    assertThat(usage.at("/cache_creation/ephemeral_5m_input_tokens").asInt()).isEqualTo(3);
    assertThat(usage.get("input_tokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS - 4 - 3)
        .isEqualTo(TokenCounting.anthropicInputTokens(SimHttp.CHAT_PROMPT_TOKENS, 4, 3));

    JsonNode oversized = ok(post(http, PATH, body("claude-x+cached_tokens=100", false, null))).get("usage");
    assertThat(oversized.get("input_tokens").asInt()).isZero();
    assertThat(oversized.get("cache_read_input_tokens").asInt()).isEqualTo(100);
  }

  @Test
  void thinkingComesFirstWithASignatureAndCountsAsOutput() {
    String thinking = "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}";
    JsonNode message = ok(post(http, PATH, body("claude-x+chunks=4", false, thinking)));
    JsonNode content = message.get("content");
    assertThat(content).hasSize(2);
    assertThat(content.at("/0/type").asText()).isEqualTo("thinking");
    assertThat(TokenCounting.words(content.at("/0/thinking").asText())).isEqualTo(TokenCounting.THINKING_WORDS);
    assertThat(content.at("/0/signature").asText()).isNotBlank();
    assertThat(content.at("/1/type").asText()).isEqualTo("text");
    assertThat(TokenCounting.words(content.at("/1/text").asText())).isEqualTo(4);
    assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(TokenCounting.THINKING_WORDS + 4)
        .isEqualTo(TokenCounting.replyTokens(4, 4096, true));

    JsonNode again = ok(post(http, PATH, body("claude-x+chunks=4", false, thinking))).get("content");
    assertThat(again).as("deterministic").isEqualTo(content);

    JsonNode adaptive = ok(post(http, PATH, body("claude-x+chunks=1", false, "\"thinking\":{\"type\":\"adaptive\"}")));
    assertThat(adaptive.at("/content/0/type").asText()).isEqualTo("thinking");
    JsonNode disabled = ok(post(http, PATH, body("claude-x+chunks=1", false, "\"thinking\":{\"type\":\"disabled\"}")));
    assertThat(disabled.get("content")).hasSize(1);
  }

  @Test
  void thinkingBudgetIsValidatedLikeTheRealApi() {
    assertThat(error(post(http, PATH, body("claude-x", false, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":100}")),
        400, "invalid_request_error").get("message").asText()).contains("budget_tokens").contains("1024");
    assertThat(error(post(http, PATH, body("claude-x", false, "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":4096}")),
        400, "invalid_request_error").get("message").asText()).contains("max_tokens");
  }

  @Test
  void toolCallDirectiveAnswersWithAToolUseBlockWhoseInputFitsTheSchema() {
    String tools = "\"tools\":[" + WEATHER_TOOL + "," + TIME_TOOL + "]";
    JsonNode message = ok(post(http, PATH, body("claude-x+tool_call=get_weather", false, tools)));

    assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
    assertThat(message.get("content")).hasSize(1);
    JsonNode toolUse = message.at("/content/0");
    assertThat(toolUse.get("type").asText()).isEqualTo("tool_use");
    assertThat(toolUse.get("id").asText()).startsWith("toolu_");
    assertThat(toolUse.get("name").asText()).isEqualTo("get_weather");
    JsonNode input = toolUse.get("input");
    assertThat(input.get("city").isTextual()).isTrue();
    assertThat(input.get("days").isInt()).isTrue();
    assertThat(input.get("unit").asText()).isEqualTo("celsius");

    JsonNode schema = SimHttp.json(WEATHER_TOOL).get("input_schema");
    ToolCall predicted = ToolCall.synthesize("get_weather", schema, ReplyText.seed(List.of("You are terse", "Say hello")));
    assertThat(SimHttp.json(predicted.arguments())).isEqualTo(input);
    assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(predicted.tokens())
        .isEqualTo(TokenCounting.toolCallTokens(predicted.arguments()));
  }

  @Test
  void toolChoiceAndDirectiveDecideWhichToolIsCalled() {
    String tools = "\"tools\":[" + WEATHER_TOOL + "," + TIME_TOOL + "]";
    assertThat(toolCalled("claude-x", tools)).as("auto, no directive").isNull();
    assertThat(toolCalled("claude-x+tool_call", tools)).as("empty directive: first tool").isEqualTo("get_weather");
    assertThat(toolCalled("claude-x+tool_call=get_time", tools)).isEqualTo("get_time");
    assertThat(toolCalled("claude-x", tools + ",\"tool_choice\":{\"type\":\"any\"}")).isEqualTo("get_weather");
    assertThat(toolCalled("claude-x", tools + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_time\"}")).isEqualTo("get_time");
    assertThat(toolCalled("claude-x+tool_call", tools + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_time\"}")).isEqualTo("get_time");
    assertThat(toolCalled("claude-x+tool_call=get_weather", tools + ",\"tool_choice\":{\"type\":\"none\"}")).isNull();
    assertThat(toolCalled("claude-x+tool_call=get_weather", null)).as("no tools declared").isNull();

    JsonNode undeclared = error(post(http, PATH, body("claude-x+tool_call=nope", false, tools)), 400, "invalid_request_error");
    assertThat(undeclared.get("message").asText()).contains("tool_call").contains("'nope'");
  }

  private static String toolCalled(String model, String extra) {
    JsonNode message = ok(post(http, PATH, body(model, false, extra)));
    JsonNode block = message.at("/content/0");
    return block.get("type").asText().equals("tool_use") ? block.get("name").asText() : null;
  }

  @Test
  void toolChoiceIsValidatedLikeTheRealApi() {
    String tools = "\"tools\":[" + WEATHER_TOOL + "]";
    assertThat(error(post(http, PATH, body("claude-x", false, "\"tool_choice\":{\"type\":\"any\"}")), 400, "invalid_request_error")
        .get("message").asText()).contains("tool_choice");
    assertThat(error(post(http, PATH, body("claude-x", false, tools + ",\"tool_choice\":{\"type\":\"tool\",\"name\":\"x\"}")),
        400, "invalid_request_error").get("message").asText()).contains("'x'");
    assertThat(error(post(http, PATH, body("claude-x", false,
        tools + ",\"tool_choice\":{\"type\":\"any\"},\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}")),
        400, "invalid_request_error").get("message").asText()).contains("Thinking");
  }

  @Test
  void invalidRequestsGetInvalidRequestErrors() {
    String noMaxTokens = "{\"model\":\"claude-x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(error(post(http, PATH, noMaxTokens), 400, "invalid_request_error").get("message").asText())
        .isEqualTo("max_tokens: Field required");
    assertThat(error(post(http, PATH, "{\"model\":\"claude-x\",\"max_tokens\":5}"), 400, "invalid_request_error")
        .get("message").asText()).isEqualTo("messages: Field required");
    assertThat(error(post(http, PATH, "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}"),
        400, "invalid_request_error").get("message").asText()).contains("messages.0.role");
    assertThat(error(post(http, PATH, "{\"max_tokens\":5,\"messages\":[]}"), 400, "invalid_request_error")
        .get("message").asText()).isEqualTo("model: Field required");
    error(post(http, PATH, "not json"), 400, "invalid_request_error");
    error(post(http, PATH, body("claude-x+bogus=1", false, null)), 400, "invalid_request_error");
  }

  @Test
  void anApiKeyIsRequiredAndTheVersionHeaderIsOptional() {
    JsonNode missing = error(http.postNoAuth(PATH, body("claude-x", false, null), "anthropic-version", "2023-06-01"),
        401, "authentication_error");
    assertThat(missing.get("message").asText()).contains("x-api-key");
    error(http.post(PATH, body("claude-x", false, null)), 401, "authentication_error"); // a bearer token is not an API key
    error(http.postNoAuth(PATH + "/count_tokens", "{}"), 401, "authentication_error"); // checked before the body

    assertThat(http.postNoAuth(PATH, body("claude-x", false, null), "x-api-key", "k").statusCode()).isEqualTo(200);
  }

  @Test
  void countTokensCountsThePromptAndHonoursFaults() {
    String body = "{\"model\":\"claude-x\",\"system\":\"You are terse\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    JsonNode counted = ok(post(http, PATH + "/count_tokens", body));
    assertThat(counted.get("input_tokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
    assertThat(counted.properties()).hasSize(1);

    error(post(http, PATH + "/count_tokens", body.replace("claude-x", "claude-x+status=429")), 429, "rate_limit_error");
  }

  @Test
  void otherMessagesPathsAreAnthropicNotFounds() {
    error(post(http, PATH + "/batches", "{}"), 404, "not_found_error");
    error(http.send(http.request(PATH, HEADERS).GET().build()), 404, "not_found_error");
  }
}
