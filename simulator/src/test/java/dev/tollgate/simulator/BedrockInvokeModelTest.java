package dev.tollgate.simulator;

import static dev.tollgate.simulator.BedrockConverseTest.HEADERS;
import static dev.tollgate.simulator.BedrockConverseTest.error;
import static dev.tollgate.simulator.BedrockConverseTest.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.EmbeddingVectors;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /model/{modelId}/invoke} with Amazon Titan and Cohere embedding bodies. */
class BedrockInvokeModelTest {

  static final String TITAN = "amazon.titan-embed-text-v2%3A0";
  static final String COHERE = "cohere.embed-english-v3";

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

  private static HttpResponse<String> invoke(String model, String body) {
    return http.postNoAuth(path(model, "invoke"), body, HEADERS);
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    return SimHttp.json(response.body());
  }

  private static float[] floats(JsonNode values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }

  @Test
  void titanV2EmbedsOneTextAndCountsItsTokens() {
    HttpResponse<String> response = invoke(TITAN, "{\"inputText\":\"three little words\",\"dimensions\":256,\"normalize\":true}");
    JsonNode answer = ok(response);
    assertThat(floats(answer.get("embedding"))).containsExactly(EmbeddingVectors.unit("three little words", 256));
    assertThat(answer.get("inputTextTokenCount").asInt()).isEqualTo(3);
    assertThat(answer.at("/embeddingsByType/float")).isEqualTo(answer.get("embedding"));
    assertThat(response.headers().firstValue("x-amzn-bedrock-input-token-count")).hasValue("3");

    assertThat(ok(invoke(TITAN, "{\"inputText\":\"default size\"}")).get("embedding")).hasSize(1024);
    JsonNode v1 = ok(invoke("amazon.titan-embed-text-v1", "{\"inputText\":\"old model\"}"));
    assertThat(v1.get("embedding")).hasSize(1536);
    assertThat(v1.has("embeddingsByType")).isFalse();
  }

  @Test
  void cohereEmbedsEveryTextInOrderInEitherShape() {
    HttpResponse<String> response = invoke(COHERE,
        "{\"texts\":[\"first text\",\"second\"],\"input_type\":\"search_document\",\"embedding_types\":[\"float\"]}");
    JsonNode byType = ok(response);
    assertThat(byType.get("response_type").asText()).isEqualTo("embeddings_by_type");
    assertThat(byType.at("/embeddings/float")).hasSize(2);
    assertThat(floats(byType.at("/embeddings/float/0"))).containsExactly(EmbeddingVectors.unit("first text", 1024));
    assertThat(floats(byType.at("/embeddings/float/1"))).containsExactly(EmbeddingVectors.unit("second", 1024));
    assertThat(byType.get("texts")).hasSize(2);
    assertThat(byType.get("id").asText()).isNotBlank();
    assertThat(byType.has("inputTextTokenCount")).isFalse();
    assertThat(response.headers().firstValue("x-amzn-bedrock-input-token-count")).hasValue("3");

    JsonNode plain = ok(invoke(COHERE, "{\"texts\":[\"x\"],\"input_type\":\"search_query\"}"));
    assertThat(plain.get("response_type").asText()).isEqualTo("embeddings_floats");
    assertThat(floats(plain.at("/embeddings/0"))).containsExactly(EmbeddingVectors.unit("x", 1024));

    JsonNode v4 = ok(invoke("us.cohere.embed-v4%3A0", "{\"texts\":[\"x\"],\"input_type\":\"clustering\",\"output_dimension\":256}"));
    assertThat(v4.at("/embeddings/0")).hasSize(256);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "amazon.titan-embed-text-v2%3A0 | {\"inputText\":\"\"}                           | #/inputText: expected minLength: 1, actual: 0",
      "amazon.titan-embed-text-v2%3A0 | {\"texts\":[\"a\"]}                            | #: extraneous key [texts] is not permitted",
      "amazon.titan-embed-text-v2%3A0 | {\"inputText\":\"a\",\"dimensions\":100}         | #/dimensions: 100 is not a valid enum value",
      "amazon.titan-embed-text-v1     | {\"inputText\":\"a\",\"dimensions\":256}         | #: extraneous key [dimensions] is not permitted",
      "cohere.embed-english-v3        | {\"texts\":[\"a\"]}                              | #: required key [input_type] not found",
      "cohere.embed-english-v3        | {\"input_type\":\"search_query\"}                | #: required key [texts] not found",
      "cohere.embed-english-v3        | {\"texts\":[\"a\"],\"input_type\":\"x\"}          | #/input_type: \"x\" is not a valid enum value",
      "cohere.embed-english-v3        | {\"texts\":[\"a\"],\"input_type\":\"clustering\",\"output_dimension\":256} | #: extraneous key [output_dimension] is not permitted",
  })
  void badBodiesAreValidationExceptionsInBedrocksWords(String model, String body, String detail) {
    JsonNode error = error(invoke(model, body), 400, "ValidationException");
    assertThat(error.get("message").asText())
        .isEqualTo("Malformed input request: " + detail + ", please reformat your input and try again.");
  }

  @Test
  void cohereRefusesMoreThan96TextsAndOtherModelsAreNotSimulated() {
    String texts = "\"t\",".repeat(97);
    error(invoke(COHERE, "{\"texts\":[" + texts.substring(0, texts.length() - 1) + "],\"input_type\":\"clustering\"}"),
        400, "ValidationException");
    error(invoke("anthropic.claude-x", "{\"inputText\":\"a\"}"), 400, "ValidationException");
  }

  @Test
  void directivesInThePathApplyAndNoUsageDropsTheCounts() {
    error(invoke(COHERE + "%2Bstatus%3D429", "{\"texts\":[\"a\"],\"input_type\":\"clustering\"}"), 429, "ThrottlingException");
    HttpResponse<String> response = invoke(TITAN + "%2Bno_usage", "{\"inputText\":\"a b\"}");
    assertThat(ok(response).has("inputTextTokenCount")).isFalse();
    assertThat(response.headers().firstValue("x-amzn-bedrock-input-token-count")).isEmpty();
  }

  @Test
  void invokeNeedsASignature() {
    HttpResponse<String> response = http.postNoAuth(path(TITAN, "invoke"), "{\"inputText\":\"a\"}");
    error(response, 403, "MissingAuthenticationTokenException");
  }
}
