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

/** {@code :generateContent} and {@code :countTokens}: shape, usage, directives in the path, thinking, function calls, auth. */
class GeminiGenerateTest {

  static final String[] HEADERS = {"x-goog-api-key", "AIza-test"};
  static final String WEATHER = "{\"name\":\"get_weather\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":"
      + "{\"location\":{\"type\":\"STRING\"},\"days\":{\"type\":\"INTEGER\"}},\"required\":[\"location\"]}}";
  static final String TIME = "{\"name\":\"get_time\",\"parametersJsonSchema\":{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}}}}";

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

  static String path(String model, String method) {
    return "/v1beta/models/" + model + ":" + method;
  }

  /** systemInstruction "You are terse" and one user content "Say hello" (14 prompt tokens). */
  static String body(String extra) {
    return "{\"systemInstruction\":{\"parts\":[{\"text\":\"You are terse\"}]},"
        + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]" + (extra == null ? "" : "," + extra) + "}";
  }

  private static JsonNode generate(String model, String extra) {
    return ok(http.postNoAuth(path(model, "generateContent"), body(extra), HEADERS));
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    return SimHttp.json(response.body());
  }

  static JsonNode error(HttpResponse<String> response, int code, String status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(code);
    JsonNode error = SimHttp.json(response.body()).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(error.get("status").asText()).isEqualTo(status);
    assertThat(error.get("message").asText()).isNotBlank();
    return error;
  }

  @Test
  void responseHasOneCandidateExactUsageAndTheSameWordsAsOpenAi() {
    JsonNode response = generate("gemini-2.5-flash+chunks=5", null);

    assertThat(response.get("candidates")).hasSize(1);
    JsonNode candidate = response.at("/candidates/0");
    assertThat(candidate.at("/content/role").asText()).isEqualTo("model");
    assertThat(candidate.at("/content/parts")).hasSize(1);
    String text = candidate.at("/content/parts/0/text").asText();
    assertThat(text).matches("([a-z]+ ){5}");
    assertThat(candidate.get("finishReason").asText()).isEqualTo("STOP");
    assertThat(candidate.get("index").asInt()).isZero();
    JsonNode usage = response.get("usageMetadata");
    assertThat(usage.get("promptTokenCount").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
    assertThat(usage.get("candidatesTokenCount").asInt()).isEqualTo(5);
    assertThat(usage.get("totalTokenCount").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS + 5);
    assertThat(usage.at("/promptTokensDetails/0/tokenCount").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
    assertThat(usage.has("thoughtsTokenCount")).isFalse();
    assertThat(usage.has("cachedContentTokenCount")).isFalse();
    assertThat(response.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash");
    assertThat(response.get("responseId").asText()).isNotBlank();

    String openAi = SimHttp.json(http.post("/v1/chat/completions", SimHttp.chat("gpt-4o-mini+chunks=5", false, null)).body())
        .at("/choices/0/message/content").asText();
    assertThat(text).as("same conversation, same reply in every format").isEqualTo(openAi);
  }

  @Test
  void directivesInTheModelSegmentWorkRawAndPercentEncoded() {
    assertThat(generate("gemini-2.5-flash+chunks=2", null).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(2);
    JsonNode encoded = generate("gemini-2.5-flash%2Bchunks%3D3%2Berror_message%3Da%253Ab", null);
    assertThat(encoded.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(3);
    assertThat(encoded.get("modelVersion").asText()).isEqualTo("gemini-2.5-flash");

    HttpResponse<String> failed = http.postNoAuth(path("gemini-2.5-flash+status=503+error_message=a:b", "generateContent"), body(null), HEADERS);
    assertThat(error(failed, 503, "UNAVAILABLE").get("message").asText()).as("a ':' inside a directive value").isEqualTo("a:b");

    HttpResponse<String> v1 = http.postNoAuth("/v1/models/gemini-2.5-flash+chunks=1:generateContent", body(null), HEADERS);
    assertThat(ok(v1).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(1);
  }

  @Test
  void maxOutputTokensEndsWithMaxTokens() {
    JsonNode response = generate("gemini-2.5-flash", "\"generationConfig\":{\"maxOutputTokens\":4}");
    assertThat(response.at("/candidates/0/finishReason").asText()).isEqualTo("MAX_TOKENS");
    assertThat(response.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(4);
  }

  @Test
  void cachedTokensArePartOfThePrompt() {
    JsonNode usage = generate("gemini-2.5-flash+chunks=1+cached_tokens=6+cache_write_tokens=2", null).get("usageMetadata");
    assertThat(usage.get("cachedContentTokenCount").asInt()).isEqualTo(6);
    assertThat(usage.get("promptTokenCount").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
    assertThat(usage.get("totalTokenCount").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS + 1);
  }

  @Test
  void thinkingCountsThoughtsAndShowsThemOnlyWhenAsked() {
    int t = TokenCounting.THINKING_WORDS;
    JsonNode shown = generate("gemini-2.5-flash+chunks=3", "\"generationConfig\":{\"thinkingConfig\":{\"includeThoughts\":true}}");
    JsonNode parts = shown.at("/candidates/0/content/parts");
    assertThat(parts).hasSize(2);
    assertThat(parts.at("/0/thought").asBoolean()).isTrue();
    assertThat(TokenCounting.words(parts.at("/0/text").asText())).isEqualTo(t);
    assertThat(parts.at("/1/thought").isMissingNode()).isTrue();
    assertThat(TokenCounting.words(parts.at("/1/text").asText())).isEqualTo(3);
    JsonNode usage = shown.get("usageMetadata");
    assertThat(usage.get("thoughtsTokenCount").asInt()).isEqualTo(t);
    assertThat(usage.get("candidatesTokenCount").asInt()).isEqualTo(3);
    assertThat(usage.get("totalTokenCount").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS + 3 + t);

    JsonNode hidden = generate("gemini-2.5-flash+chunks=3", "\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":1024}}");
    assertThat(hidden.at("/candidates/0/content/parts")).hasSize(1);
    assertThat(hidden.at("/usageMetadata/thoughtsTokenCount").asInt()).isEqualTo(t);

    JsonNode off = generate("gemini-2.5-flash+chunks=3", "\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":0,\"includeThoughts\":true}}");
    assertThat(off.at("/usageMetadata").has("thoughtsTokenCount")).isFalse();

    JsonNode capped = generate("gemini-2.5-flash+chunks=3", "\"generationConfig\":{\"maxOutputTokens\":10,\"thinkingConfig\":{}}");
    assertThat(capped.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(10 - t);
    assertThat(capped.at("/candidates/0/finishReason").asText()).isEqualTo("MAX_TOKENS");
  }

  @Test
  void functionCallFitsTheDeclarationAndCountsItsArgumentWords() {
    String tools = "\"tools\":[{\"functionDeclarations\":[" + WEATHER + "," + TIME + "]}]";
    JsonNode response = generate("gemini-2.5-flash+tool_call=get_weather", tools);
    JsonNode parts = response.at("/candidates/0/content/parts");
    assertThat(parts).hasSize(1);
    JsonNode call = parts.at("/0/functionCall");
    assertThat(call.get("name").asText()).isEqualTo("get_weather");
    assertThat(call.at("/args/location").isTextual()).isTrue();
    assertThat(call.at("/args/days").isInt()).isTrue();
    assertThat(parts.at("/0/thoughtSignature").isMissingNode()).isTrue();
    assertThat(response.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");

    JsonNode schema = SimHttp.json(WEATHER).get("parameters");
    ToolCall predicted = ToolCall.synthesize("get_weather", schema, ReplyText.seed(List.of("You are terse", "Say hello")));
    assertThat(SimHttp.json(predicted.arguments())).isEqualTo(call.get("args"));
    assertThat(response.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(predicted.tokens());
  }

  @Test
  void functionCallingModeAndDirectiveDecideTheCall() {
    String tools = "\"tools\":[{\"functionDeclarations\":[" + WEATHER + "]},{\"functionDeclarations\":[" + TIME + "]}]";
    assertThat(called("gemini-x", tools)).isNull();
    assertThat(called("gemini-x+tool_call", tools)).isEqualTo("get_weather");
    assertThat(called("gemini-x+tool_call=get_time", tools)).isEqualTo("get_time");
    assertThat(called("gemini-x", tools + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}}")).isEqualTo("get_weather");
    assertThat(called("gemini-x", tools + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_time\"]}}"))
        .isEqualTo("get_time");
    assertThat(called("gemini-x+tool_call", tools + ",\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"NONE\"}}")).isNull();
    assertThat(called("gemini-x+tool_call", null)).isNull();

    error(http.postNoAuth(path("gemini-x+tool_call=nope", "generateContent"), body(tools), HEADERS), 400, "INVALID_ARGUMENT");

    JsonNode thinking = generate("gemini-x+tool_call", tools + ",\"generationConfig\":{\"thinkingConfig\":{}}");
    assertThat(thinking.at("/candidates/0/content/parts/0/thoughtSignature").asText()).isNotBlank();
  }

  private static String called(String model, String extra) {
    JsonNode part = generate(model, extra).at("/candidates/0/content/parts/0");
    return part.has("functionCall") ? part.at("/functionCall/name").asText() : null;
  }

  @Test
  void partsCountTextAndFunctionResponsesOnlyAndCountTokensAgrees() {
    String contents = "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"What is this\"},"
        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AAAA\"}}]},"
        + "{\"role\":\"model\",\"parts\":[{\"text\":\"hidden thoughts here\",\"thought\":true},{\"functionCall\":{\"name\":\"look\",\"args\":{\"q\":\"x y\"}}}]},"
        + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"look\",\"response\":{\"result\":\"a cat\",\"extra\":{\"n\":\"and dog\"}}}}]}]";
    int expected = TokenCounting.chatPromptTokens(List.of("What is this", "", "a cat and dog"));
    assertThat(expected).isEqualTo((3 + 3) + (0 + 3) + (4 + 3) + 3);

    JsonNode response = ok(http.postNoAuth(path("gemini-x", "generateContent"), "{" + contents + "}", HEADERS));
    assertThat(response.at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(expected);
    JsonNode counted = ok(http.postNoAuth(path("gemini-x", "countTokens"), "{" + contents + "}", HEADERS));
    assertThat(counted.get("totalTokens").asInt()).isEqualTo(expected);
    assertThat(counted.at("/promptTokensDetails/0/tokenCount").asInt()).isEqualTo(expected);

    JsonNode wrapped = ok(http.postNoAuth(path("gemini-x", "countTokens"), "{\"generateContentRequest\":" + body(null) + "}", HEADERS));
    assertThat(wrapped.get("totalTokens").asInt()).isEqualTo(SimHttp.CHAT_PROMPT_TOKENS);
  }

  @Test
  void apiKeyComesFromTheHeaderOrTheKeyParameter() {
    assertThat(http.postNoAuth(path("gemini-x", "generateContent") + "?key=AIza-test", body(null)).statusCode()).isEqualTo(200);
    error(http.postNoAuth(path("gemini-x", "generateContent"), body(null)), 403, "PERMISSION_DENIED");
    error(http.post(path("gemini-x", "generateContent"), body(null)), 401, "UNAUTHENTICATED"); // a bearer token, no key
    error(http.postNoAuth(path("gemini-x", "generateContent") + "?key=", body(null)), 403, "PERMISSION_DENIED");
  }

  @Test
  void invalidRequestsAreInvalidArguments() {
    String generate = path("gemini-x", "generateContent");
    assertThat(error(http.postNoAuth(generate, "{}", HEADERS), 400, "INVALID_ARGUMENT").get("message").asText())
        .contains("contents is not specified");
    assertThat(error(http.postNoAuth(generate, "{\"contents\":[{\"role\":\"user\",\"parts\":[]}]}", HEADERS), 400, "INVALID_ARGUMENT")
        .get("message").asText()).contains("parts must not be empty");
    assertThat(error(http.postNoAuth(generate, "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]}", HEADERS),
        400, "INVALID_ARGUMENT").get("message").asText()).contains("valid role");
    error(http.postNoAuth(generate, body("\"generationConfig\":{\"maxOutputTokens\":0}"), HEADERS), 400, "INVALID_ARGUMENT");
    error(http.postNoAuth(generate, "{nope", HEADERS), 400, "INVALID_ARGUMENT");
    assertThat(error(http.postNoAuth(path("gemini-x+bogus", "generateContent"), body(null), HEADERS), 400, "INVALID_ARGUMENT")
        .get("message").asText()).contains("'bogus'");
  }

  @Test
  void unknownMethodsAndPathsAreGoogleNotFounds() {
    error(http.postNoAuth(path("gemini-x", "predict"), body(null), HEADERS), 404, "NOT_FOUND");
    error(http.send(http.request(path("gemini-x", "generateContent"), HEADERS).GET().build()), 404, "NOT_FOUND");
    error(http.send(http.request("/v1beta/models", HEADERS).GET().build()), 404, "NOT_FOUND");
    assertThat(http.get("/v1/models/gpt-4o", "Authorization", SimHttp.KEY).body()).as("not Gemini's").contains("invalid_request_error");
  }
}
