package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimHttp.CHAT_PROMPT_TOKENS;
import static dev.tollgate.simulator.SimHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.TokenCounting;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

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

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    return SimHttp.json(response.body());
  }

  @Test
  void nonStreamReplyHasOpenAiShapeAndExactUsage() {
    JsonNode body = ok(http.post("/v1/chat/completions", chat("gpt-4o-mini", false, null)));

    assertThat(body.get("id").asText()).startsWith("chatcmpl-");
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.get("created").asLong()).isPositive();
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.get("system_fingerprint").asText()).isEqualTo("fp_sim");
    JsonNode choice = body.get("choices").get(0);
    assertThat(body.get("choices")).hasSize(1);
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
    assertThat(choice.get("message").get("refusal").isNull()).isTrue();
    assertThat(choice.get("logprobs").isNull()).isTrue();
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    assertThat(TokenCounting.words(choice.get("message").get("content").asText())).isEqualTo(16);

    JsonNode usage = body.get("usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(CHAT_PROMPT_TOKENS)
        .isEqualTo(TokenCounting.chatPromptTokens("You are terse", "Say hello"));
    assertThat(usage.get("completion_tokens").asInt()).isEqualTo(16);
    assertThat(usage.get("total_tokens").asInt()).isEqualTo(CHAT_PROMPT_TOKENS + 16);
    assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt()).isZero();
    assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isZero();
  }

  @Test
  void aScriptedReplyIsTheAnswerAndEchoRepeatsTheLastMessage() {
    JsonNode scripted = ok(http.post("/v1/chat/completions", chat("gpt-4o-mini+reply=unsafe%0AS1", false, null)));
    assertThat(scripted.at("/choices/0/message/content").asText()).isEqualTo("unsafe\nS1 ");
    assertThat(scripted.at("/usage/completion_tokens").asInt()).isEqualTo(1);
    JsonNode echoed = ok(http.post("/v1/chat/completions",
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"say \\\"hi\\\" to [EMAIL_1]\"}]}",
        "x-sim-echo", "true"));
    assertThat(echoed.at("/choices/0/message/content").asText()).isEqualTo("say \"hi\" to [EMAIL_1] ");
    assertThat(echoed.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    HttpResponse<String> stream = http.post("/v1/chat/completions", chat("gpt-4o-mini+reply=a%20%22b%22", true, null));
    StringBuilder text = new StringBuilder();
    for (String line : stream.body().split("\n")) {
      if (line.startsWith("data: {")) {
        text.append(SimHttp.json(line.substring(6)).at("/choices/0/delta/content").asText(""));
      }
    }
    assertThat(text.toString()).isEqualTo("a \"b\" ");
  }

  @Test
  void sameRequestGetsSameReplyAndOtherPromptsOtherReplies() {
    String a1 = ok(http.post("/v1/chat/completions", chat("gpt-4o", false, null))).at("/choices/0/message/content").asText();
    String a2 = ok(http.post("/v1/chat/completions", chat("gpt-4o", false, null))).at("/choices/0/message/content").asText();
    String b = ok(http.post("/v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"something else entirely\"}]}"))
        .at("/choices/0/message/content").asText();
    assertThat(a1).isEqualTo(a2).isNotEqualTo(b);
  }

  @Test
  void arrayContentCountsOnlyTextParts() {
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"text\",\"text\":\"two words\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/x.png\"}},"
        + "{\"type\":\"text\",\"text\":\"three more words\"}]},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]}]}";
    JsonNode usage = ok(http.post("/v1/chat/completions", body)).get("usage");
    assertThat(usage.get("prompt_tokens").asInt()).isEqualTo((5 + 3) + (0 + 3) + 3);
  }

  @Test
  void maxTokensBelowChunksCapsTheReplyWithFinishReasonLength() {
    JsonNode body = ok(http.post("/v1/chat/completions", chat("gpt-4o-mini", false, "\"max_tokens\":5")));
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(TokenCounting.words(body.at("/choices/0/message/content").asText())).isEqualTo(5);
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(CHAT_PROMPT_TOKENS + 5);
  }

  @Test
  void maxCompletionTokensTakesPrecedenceAndACapAboveChunksStopsNormally() {
    JsonNode capped = ok(http.post("/v1/chat/completions", chat("gpt-4o-mini", false, "\"max_tokens\":100,\"max_completion_tokens\":2")));
    assertThat(capped.at("/usage/completion_tokens").asInt()).isEqualTo(2);

    JsonNode uncapped = ok(http.post("/v1/chat/completions", chat("gpt-4o-mini", false, "\"max_tokens\":100")));
    assertThat(uncapped.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(uncapped.at("/usage/completion_tokens").asInt()).isEqualTo(16);
  }

  @Test
  void modelDirectivesAreStrippedFromTheEchoedModel() {
    JsonNode body = ok(http.post("/v1/chat/completions", chat("gpt-4o-mini+chunks=4+cached_tokens=5+reasoning_tokens=2", false, null)));
    assertThat(body.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(5);
    assertThat(body.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(2);
  }

  @Test
  void noUsageOmitsUsage() {
    JsonNode body = ok(http.post("/v1/chat/completions", chat("gpt-4o-mini+no_usage", false, null)));
    assertThat(body.has("usage")).isFalse();
    assertThat(body.at("/choices/0/message/content").asText()).isNotEmpty();
  }

  @Test
  void missingOrEmptyBearerTokenIs401InvalidApiKey() {
    for (HttpResponse<String> response : List.of(
        http.postNoAuth("/v1/chat/completions", chat("gpt-4o", false, null)),
        http.postNoAuth("/v1/chat/completions", chat("gpt-4o", false, null), "Authorization", "Bearer  "),
        http.postNoAuth("/v1/chat/completions", chat("gpt-4o", false, null), "Authorization", "Basic abc"))) {
      assertThat(response.statusCode()).isEqualTo(401);
      JsonNode error = SimHttp.json(response.body()).get("error");
      assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
      assertThat(error.has("param")).isTrue();
    }
  }

  @Test
  void invalidRequestsAre400InOpenAiFormat() {
    HttpResponse<String> malformed = http.post("/v1/chat/completions", "{\"model\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(malformed.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");

    HttpResponse<String> noModel = http.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(noModel.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(noModel.body()).at("/error/param").asText()).isEqualTo("model");

    HttpResponse<String> noMessages = http.post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}");
    assertThat(noMessages.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(noMessages.body()).at("/error/param").asText()).isEqualTo("messages");

    HttpResponse<String> badMax = http.post("/v1/chat/completions", chat("gpt-4o", false, "\"max_tokens\":0"));
    assertThat(badMax.statusCode()).isEqualTo(400);
  }

  @Test
  void unknownDirectiveIs400NamingIt() {
    HttpResponse<String> viaModel = http.post("/v1/chat/completions", chat("gpt-4o-mini+explode=1", false, null));
    assertThat(viaModel.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(viaModel.body()).at("/error/message").asText()).contains("'explode'");

    HttpResponse<String> viaHeader = http.post("/v1/chat/completions", chat("gpt-4o-mini", false, null), "x-sim-implode", "1");
    assertThat(viaHeader.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(viaHeader.body()).at("/error/message").asText()).contains("'implode'");

    HttpResponse<String> badValue = http.post("/v1/chat/completions", chat("gpt-4o-mini+status=abc", false, null));
    assertThat(badValue.statusCode()).isEqualTo(400);
    assertThat(SimHttp.json(badValue.body()).at("/error/message").asText()).contains("'status'");
  }

  @Test
  void unknownPathsAndMethodsAre404InOpenAiFormat() {
    HttpResponse<String> unknown = http.post("/v1/nope", "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(SimHttp.json(unknown.body()).at("/error/message").asText()).isEqualTo("Invalid URL (POST /v1/nope)");

    assertThat(http.get("/v1/chat/completions", "Authorization", SimHttp.KEY).statusCode()).isEqualTo(404);
    assertThat(http.get("/").statusCode()).isEqualTo(404);
  }
}
