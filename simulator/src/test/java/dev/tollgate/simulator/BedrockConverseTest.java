package dev.tollgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.ReplyText;
import dev.tollgate.simulator.core.TokenCounting;
import dev.tollgate.simulator.core.ToolCall;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /model/{modelId}/converse}: shape, usage, directives in the path, tools, thinking, auth, errors. */
class BedrockConverseTest {

  static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-east-1/bedrock/aws4_request, "
      + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + "ab".repeat(32);
  static final String[] HEADERS = {"Authorization", AUTHORIZATION, "x-amz-date", "20250102T030405Z"};
  static final String WEATHER = "{\"toolSpec\":{\"name\":\"get_weather\",\"description\":\"Weather\",\"inputSchema\":{\"json\":"
      + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}},\"required\":[\"city\"]}}}}";
  static final long SEED = ReplyText.seed(List.of("You are terse", "Say hello"));

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

  static String path(String model, String operation) {
    return "/model/" + model + "/" + operation;
  }

  /** system "You are terse" and one user message "Say hello" (14 prompt tokens, as in every format). */
  static String body(String extra) {
    return "{\"system\":[{\"text\":\"You are terse\"}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Say hello\"}]}]" + (extra == null ? "" : "," + extra) + "}";
  }

  private static JsonNode converse(String model, String extra) {
    HttpResponse<String> response = http.postNoAuth(path(model, "converse"), body(extra), HEADERS);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    return SimHttp.json(response.body());
  }

  static JsonNode error(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValueSatisfying(v -> assertThat(v).startsWith(type + ":"));
    JsonNode body = SimHttp.json(response.body());
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(body.size()).isEqualTo(1);
    return body;
  }

  @Test
  void answersWithOneTextBlockExactUsageAndTheSameWordsAsEveryFormat() {
    JsonNode answer = converse("anthropic.claude-x+chunks=5", null);
    assertThat(answer.at("/output/message/role").asText()).isEqualTo("assistant");
    assertThat(answer.at("/output/message/content")).hasSize(1);
    assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo(ReplyText.text(SEED, 5));
    assertThat(answer.get("stopReason").asText()).isEqualTo("end_turn");
    assertThat(answer.get("usage")).isEqualTo(SimHttp.json("{\"inputTokens\":14,\"outputTokens\":5,\"totalTokens\":19}"));
    assertThat(answer.at("/metrics/latencyMs").asLong()).isZero();
    assertThat(answer.has("model")).isFalse();
  }

  @Test
  void maxTokensCutsTheTextShort() {
    JsonNode answer = converse("m", "\"inferenceConfig\":{\"maxTokens\":3,\"temperature\":0.5}");
    assertThat(answer.get("stopReason").asText()).isEqualTo("max_tokens");
    assertThat(answer.at("/usage/outputTokens").asInt()).isEqualTo(3);
    assertThat(answer.at("/output/message/content/0/text").asText()).isEqualTo(ReplyText.text(SEED, 3));
  }

  @Test
  void cacheCountsSplitThePromptAsAnthropicsDo() {
    JsonNode usage = converse("m+chunks=2+cached_tokens=10+cache_write_tokens=3", null).get("usage");
    assertThat(usage).isEqualTo(SimHttp.json("{\"inputTokens\":1,\"outputTokens\":2,\"totalTokens\":16,"
        + "\"cacheReadInputTokens\":10,\"cacheWriteInputTokens\":3}"));
    assertThat(converse("m+chunks=2+no_usage", null).has("usage")).isFalse();
  }

  @Test
  void systemCachePointsAndToolResultsCountLikeTheOtherFormats() {
    String body = "{\"system\":[{\"text\":\"You are terse\"},{\"cachePoint\":{\"type\":\"default\"}}],\"messages\":["
        + "{\"role\":\"user\",\"content\":[{\"text\":\"Weather in Oslo?\"}]},"
        + "{\"role\":\"assistant\",\"content\":[{\"reasoningContent\":{\"reasoningText\":{\"text\":\"ignored words\",\"signature\":\"s\"}}},"
        + "{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}}]},"
        + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\",\"content\":[{\"text\":\"cold\"},{\"json\":{\"temp\":\"-3 C\"}}]}},"
        + "{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"iVBORw0KGgo=\"}}}]}],"
        + "\"toolConfig\":{\"tools\":[" + WEATHER + ",{\"cachePoint\":{\"type\":\"default\"}}]}}";
    HttpResponse<String> response = http.postNoAuth(path("m+chunks=1", "converse"), body, HEADERS);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    // system (3+3) + "Weather in Oslo?" (3+3) + assistant (0+3) + "cold -3 C" (3+3) + 3
    int prompt = TokenCounting.promptTokens("You are terse", List.of("Weather in Oslo?", "", "cold -3 C"));
    assertThat(prompt).isEqualTo(24);
    assertThat(SimHttp.json(response.body()).at("/usage/inputTokens").asInt()).isEqualTo(prompt);
  }

  @Test
  void toolCallsComeFromTheDirectiveOrAForcingToolChoice() {
    String tools = "\"toolConfig\":{\"tools\":[" + WEATHER + "]}";
    JsonNode schema = SimHttp.json(WEATHER).at("/toolSpec/inputSchema/json");
    ToolCall predicted = ToolCall.synthesize("get_weather", schema, SEED);

    JsonNode byDirective = converse("m+tool_call=get_weather", tools);
    assertThat(byDirective.get("stopReason").asText()).isEqualTo("tool_use");
    JsonNode toolUse = byDirective.at("/output/message/content/0/toolUse");
    assertThat(toolUse.get("name").asText()).isEqualTo("get_weather");
    assertThat(toolUse.get("toolUseId").asText()).startsWith("tooluse_");
    assertThat(toolUse.get("input")).isEqualTo(SimHttp.json(predicted.arguments()));
    assertThat(byDirective.at("/usage/outputTokens").asInt()).isEqualTo(predicted.tokens());

    String forced = "\"toolConfig\":{\"tools\":[" + WEATHER + "],\"toolChoice\":{\"tool\":{\"name\":\"get_weather\"}}}";
    assertThat(converse("m", forced).at("/output/message/content/0/toolUse/name").asText()).isEqualTo("get_weather");
    String any = "\"toolConfig\":{\"tools\":[" + WEATHER + "],\"toolChoice\":{\"any\":{}}}";
    assertThat(converse("m", any).get("stopReason").asText()).isEqualTo("tool_use");
    assertThat(converse("m", tools).get("stopReason").asText()).isEqualTo("end_turn");
  }

  @Test
  void claudeThinkingComesFirstAsAReasoningBlock() {
    String thinking = "\"inferenceConfig\":{\"maxTokens\":2000},"
        + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}";
    JsonNode answer = converse("anthropic.claude-x+chunks=4", thinking);
    JsonNode reasoning = answer.at("/output/message/content/0/reasoningContent/reasoningText");
    assertThat(reasoning.get("text").asText().split(" ")).hasSize(TokenCounting.THINKING_WORDS);
    assertThat(reasoning.get("signature").asText()).isNotBlank();
    assertThat(answer.at("/output/message/content/1/text").asText()).isEqualTo(ReplyText.text(SEED, 4));
    assertThat(answer.at("/usage/outputTokens").asInt()).isEqualTo(TokenCounting.THINKING_WORDS + 4);
  }

  @Test
  void directivesRideInThePathEncodedOrNotAndInHeaders() {
    HttpResponse<String> encoded = http.postNoAuth(path("anthropic.claude-v2%3A1%2Bstatus%3D429", "converse"), body(null), HEADERS);
    error(encoded, 429, "ThrottlingException");
    HttpResponse<String> raw = http.postNoAuth(path("claude+status=503+retry_after=2", "converse"), body(null), HEADERS);
    error(raw, 503, "ServiceUnavailableException");
    assertThat(raw.headers().firstValue("retry-after")).hasValue("2");
    String[] withHeader = {HEADERS[0], HEADERS[1], "x-sim-chunks", "2"};
    assertThat(SimHttp.json(http.postNoAuth(path("m", "converse"), body(null), withHeader).body()).at("/usage/outputTokens").asInt())
        .isEqualTo(2);
  }

  @Test
  void authenticationNeedsASigV4HeaderWhichIsRecordedNotVerified() {
    error(http.postNoAuth(path("m", "converse"), body(null)), 403, "MissingAuthenticationTokenException");
    error(http.postNoAuth(path("m", "converse"), body(null), "Authorization", "Bearer abc"), 403, "IncompleteSignatureException");
    sim.clearRecorded();
    converse("anthropic.claude-v2%3A1", null);
    RecordedRequest recorded = sim.recentRequests().getLast();
    assertThat(recorded.path()).isEqualTo("/model/anthropic.claude-v2%3A1/converse");
    assertThat(recorded.header("authorization")).isEqualTo(AUTHORIZATION);
    assertThat(recorded.header("x-amz-date")).isEqualTo("20250102T030405Z");
  }

  @ParameterizedTest
  @CsvSource({
      "400, ValidationException", "401, UnrecognizedClientException", "403, AccessDeniedException",
      "404, ResourceNotFoundException", "408, ModelTimeoutException", "422, ValidationException",
      "424, ModelErrorException", "429, ThrottlingException", "500, InternalServerException",
      "502, InternalServerException", "503, ServiceUnavailableException"})
  void forcedStatusesUseBedrocksErrorTypes(int status, String type) {
    HttpResponse<String> response = http.postNoAuth(path("m+status=" + status + "+error_message=nope%20now", "converse"),
        body(null), HEADERS);
    JsonNode body = error(response, status, type);
    assertThat(body.get("message").asText()).isEqualTo("nope now");
  }

  @Test
  void invalidRequestsAreValidationExceptions() {
    String blank = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"\"}]}]}";
    assertThat(error(http.postNoAuth(path("m", "converse"), blank, HEADERS), 400, "ValidationException").get("message").asText())
        .isEqualTo("The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.");
    String twice = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]},{\"role\":\"user\",\"content\":[{\"text\":\"b\"}]}]}";
    assertThat(error(http.postNoAuth(path("m", "converse"), twice, HEADERS), 400, "ValidationException").get("message").asText())
        .startsWith("A conversation must alternate between user and assistant roles.");
    String toolsMissing = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t\",\"content\":[{\"text\":\"x\"}]}}]}]}";
    assertThat(error(http.postNoAuth(path("m", "converse"), toolsMissing, HEADERS), 400, "ValidationException").get("message").asText())
        .isEqualTo("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
    error(http.postNoAuth(path("m", "converse"), body("\"inferenceConfig\":{\"maxTokens\":0}"), HEADERS), 400, "ValidationException");
    error(http.postNoAuth(path("m", "converse"), body("\"toolConfig\":{\"tools\":[" + WEATHER + "],\"toolChoice\":{\"any\":{}}},"
        + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}"), HEADERS), 400, "ValidationException");
    error(http.postNoAuth(path("m", "converse"), "not json", HEADERS), 400, "ValidationException");
    assertThat(error(http.postNoAuth(path("m+chunks=many", "converse"), body(null), HEADERS), 400, "ValidationException")
        .get("message").asText()).contains("'chunks'");
    error(http.postNoAuth(path("m+tool_call=nope", "converse"), body("\"toolConfig\":{\"tools\":[" + WEATHER + "]}"), HEADERS),
        400, "ValidationException");
  }

  @Test
  void otherOperationsAreUnknown() {
    error(http.postNoAuth(path("m", "no-such-operation"), body(null), HEADERS), 404, "UnknownOperationException");
    error(http.send(http.request(path("m", "converse"), HEADERS).GET().build()), 404, "UnknownOperationException");
    error(http.postNoAuth("/model/", body(null), HEADERS), 404, "UnknownOperationException");
  }

  @Test
  void transportFaultsApplyToTheCompleteAnswer() {
    HttpResponse<String> half = http.postNoAuth(path("m+malformed_at=1", "converse"), body(null), HEADERS);
    assertThat(half.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> SimHttp.json(half.body())).isInstanceOf(UncheckedIOException.class);
    HttpRequest reset = http.request(path("m+reset_after=0", "converse"), HEADERS)
        .POST(HttpRequest.BodyPublishers.ofString(body(null))).build();
    assertThatThrownBy(() -> http.send(reset)).isInstanceOf(UncheckedIOException.class);
  }
}
