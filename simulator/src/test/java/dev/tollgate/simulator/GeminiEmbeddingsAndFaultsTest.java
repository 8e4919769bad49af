package dev.tollgate.simulator;

import static dev.tollgate.simulator.GeminiGenerateTest.HEADERS;
import static dev.tollgate.simulator.GeminiGenerateTest.body;
import static dev.tollgate.simulator.GeminiGenerateTest.error;
import static dev.tollgate.simulator.GeminiGenerateTest.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.SimHttp.StreamResult;
import dev.tollgate.simulator.core.EmbeddingVectors;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code :embedContent}, {@code :batchEmbedContents}, and forced failures in Google's error shape. */
class GeminiEmbeddingsAndFaultsTest {

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
  void embedContentReturnsTheDeterministicUnitVectorOfTheText() {
    String body = "{\"content\":{\"parts\":[{\"text\":\"hello\"},{\"text\":\"world\"}]},\"taskType\":\"RETRIEVAL_QUERY\"}";
    JsonNode response = ok(http.postNoAuth(path("gemini-embedding-001", "embedContent"), body, HEADERS));
    float[] vector = floats(response.at("/embedding/values"));
    assertThat(vector).hasSize(3072).containsExactly(EmbeddingVectors.unit("hello world", 3072));
    double sum = 0;
    for (float f : vector) {
      sum += (double) f * f;
    }
    assertThat(Math.sqrt(sum)).isCloseTo(1.0, within(1e-5));
    assertThat(response.properties()).hasSize(1);

    JsonNode small = ok(http.postNoAuth(path("gemini-embedding-001", "embedContent"),
        "{\"content\":{\"parts\":[{\"text\":\"hi\"}]},\"outputDimensionality\":8}", HEADERS));
    assertThat(small.at("/embedding/values")).hasSize(8);
  }

  @Test
  void batchEmbedContentsAnswersEachRequestInOrder() {
    String body = "{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":4},"
        + "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"b\"}]},\"outputDimensionality\":6}]}";
    JsonNode embeddings = ok(http.postNoAuth(path("gemini-embedding-001", "batchEmbedContents"), body, HEADERS)).get("embeddings");
    assertThat(embeddings).hasSize(2);
    assertThat(floats(embeddings.at("/0/values"))).containsExactly(EmbeddingVectors.unit("a", 4));
    assertThat(floats(embeddings.at("/1/values"))).containsExactly(EmbeddingVectors.unit("b", 6));
  }

  @Test
  void badEmbeddingRequestsAreInvalidArguments() {
    error(http.postNoAuth(path("gemini-embedding-001", "embedContent"), "{}", HEADERS), 400, "INVALID_ARGUMENT");
    error(http.postNoAuth(path("gemini-embedding-001", "embedContent"),
        "{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"outputDimensionality\":5000}", HEADERS), 400, "INVALID_ARGUMENT");
    error(http.postNoAuth(path("gemini-embedding-001", "batchEmbedContents"), "{\"requests\":[]}", HEADERS), 400, "INVALID_ARGUMENT");
    error(http.postNoAuth(path("gemini-embedding-001+status=503", "embedContent"),
        "{\"content\":{\"parts\":[{\"text\":\"x\"}]}}", HEADERS), 503, "UNAVAILABLE");
  }

  @Test
  void everyRequestOfABatchMustNameTheBatchsModel() {
    String missing = "{\"requests\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}";
    assertThat(error(http.postNoAuth(path("gemini-embedding-001", "batchEmbedContents"), missing, HEADERS), 400,
        "INVALID_ARGUMENT").get("message").asText()).contains("requests[0].model");
    String other = "{\"requests\":[{\"model\":\"models/text-embedding-004\",\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}";
    error(http.postNoAuth(path("gemini-embedding-001", "batchEmbedContents"), other, HEADERS), 400, "INVALID_ARGUMENT");
    String bare = "{\"requests\":[{\"model\":\"gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}";
    error(http.postNoAuth(path("gemini-embedding-001", "batchEmbedContents"), bare, HEADERS), 400, "INVALID_ARGUMENT");

    // Directives ride on the path's model and may be repeated in the requests' models.
    String withDirective = "{\"requests\":[{\"model\":\"models/gemini-embedding-001+ttft_ms=0\",\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}";
    assertThat(ok(http.postNoAuth(path("gemini-embedding-001+ttft_ms=0", "batchEmbedContents"), withDirective, HEADERS))
        .get("embeddings")).hasSize(1);
  }

  @Test
  void aBatchHoldsAtMost100Requests() {
    String one = "{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},\"outputDimensionality\":2}";
    String hundred = ("," + one).repeat(100).substring(1);
    assertThat(ok(http.postNoAuth(path("gemini-embedding-001", "batchEmbedContents"), "{\"requests\":[" + hundred + "]}",
        HEADERS)).get("embeddings")).hasSize(100);
    error(http.postNoAuth(path("gemini-embedding-001", "batchEmbedContents"), "{\"requests\":[" + hundred + "," + one + "]}",
        HEADERS), 400, "INVALID_ARGUMENT");
  }

  @ParameterizedTest
  @CsvSource({
      "400, INVALID_ARGUMENT", "401, UNAUTHENTICATED", "403, PERMISSION_DENIED", "404, NOT_FOUND", "409, ABORTED",
      "422, FAILED_PRECONDITION", "429, RESOURCE_EXHAUSTED", "500, INTERNAL", "501, UNIMPLEMENTED", "502, UNKNOWN",
      "503, UNAVAILABLE", "504, DEADLINE_EXCEEDED"})
  void forcedStatusUsesGooglesCanonicalStatus(int code, String status) {
    HttpResponse<String> response = http.postNoAuth(path("gemini-x+status=" + code, "generateContent"), body(null), HEADERS);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode error = error(response, code, status);
    assertThat(error.has("details")).isFalse();
  }

  @Test
  void rateLimitWithRetryAfterCarriesRetryInfoAndTheHeader() {
    HttpResponse<String> response = http.postNoAuth(path("gemini-x+status=429+retry_after=7", "generateContent"), body(null), HEADERS);
    JsonNode error = error(response, 429, "RESOURCE_EXHAUSTED");
    assertThat(response.headers().firstValue("retry-after")).hasValue("7");
    assertThat(error.at("/details/0/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
    assertThat(error.at("/details/0/retryDelay").asText()).isEqualTo("7s");

    HttpResponse<String> noRetry = http.postNoAuth(path("gemini-x+status=500+retry_after=7", "generateContent"), body(null), HEADERS);
    assertThat(noRetry.headers().firstValue("retry-after")).isEmpty();
    assertThat(error(noRetry, 500, "INTERNAL").has("details")).isFalse();
  }

  @Test
  void forcedErrorOnAStreamComesBeforeAnyChunk() {
    StreamResult result = http.streamNoAuth(path("gemini-x+status=503", "streamGenerateContent") + "?alt=sse", body(null),
        "x-goog-api-key", "k", "x-sim-error-message", "overloaded now");
    assertThat(result.status()).isEqualTo(503);
    assertThat(result.contentType()).isEqualTo("application/json");
    assertThat(SimHttp.json(result.errorBody()).at("/error/message").asText()).isEqualTo("overloaded now");
  }
}
