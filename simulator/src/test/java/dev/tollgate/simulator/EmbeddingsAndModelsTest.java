package dev.tollgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.core.EmbeddingVectors;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddingsAndModelsTest {

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

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Float.parseFloat(array.get(i).asText());
    }
    return out;
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float f : v) {
      sum += (double) f * f;
    }
    return Math.sqrt(sum);
  }

  @Test
  void floatEmbeddingsAreDeterministicUnitVectorsWithExactUsage() {
    String body = "{\"model\":\"text-embedding-3-small\",\"input\":[\"hello world\",\"three word input\",\"hello world\"]}";
    JsonNode response = ok(http.post("/v1/embeddings", body));
    assertThat(response.get("object").asText()).isEqualTo("list");
    assertThat(response.get("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(response.at("/usage/prompt_tokens").asInt()).isEqualTo(2 + 3 + 2);
    assertThat(response.at("/usage/total_tokens").asInt()).isEqualTo(7);
    JsonNode data = response.get("data");
    assertThat(data).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(data.get(i).get("object").asText()).isEqualTo("embedding");
      assertThat(data.get(i).get("index").asInt()).isEqualTo(i);
      float[] v = floats(data.get(i).get("embedding"));
      assertThat(v).hasSize(1536);
      assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
    }
    assertThat(floats(data.get(0).get("embedding"))).isEqualTo(floats(data.get(2).get("embedding")));
    assertThat(floats(data.get(0).get("embedding"))).isNotEqualTo(floats(data.get(1).get("embedding")));
  }

  @Test
  void base64EncodingDecodesToTheSameVectors() {
    String input = "\"input\":\"the quick brown fox\",\"dimensions\":64";
    JsonNode asFloats = ok(http.post("/v1/embeddings", "{\"model\":\"text-embedding-3-large\"," + input + "}"));
    JsonNode asBase64 = ok(http.post("/v1/embeddings", "{\"model\":\"text-embedding-3-large\"," + input + ",\"encoding_format\":\"base64\"}"));
    float[] expected = floats(asFloats.at("/data/0/embedding"));
    float[] decoded = EmbeddingVectors.decodeBase64(asBase64.at("/data/0/embedding").asText());
    assertThat(expected).hasSize(64);
    assertThat(decoded).isEqualTo(expected);
    assertThat(asBase64.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void tokenArrayInputsCountTheirLength() {
    JsonNode one = ok(http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":[1,2,3,4,5],\"dimensions\":8}"));
    assertThat(one.get("data")).hasSize(1);
    assertThat(one.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
    JsonNode many = ok(http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":[[1,2],[3,4,5]],\"dimensions\":8}"));
    assertThat(many.get("data")).hasSize(2);
    assertThat(many.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void invalidEmbeddingRequestsAre400() {
    assertThat(http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"hex\"}").statusCode()).isEqualTo(400);
    assertThat(http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":0}").statusCode()).isEqualTo(400);
    assertThat(http.post("/v1/embeddings", "{\"model\":\"m\",\"input\":[]}").statusCode()).isEqualTo(400);
    assertThat(http.post("/v1/embeddings", "{\"model\":\"m\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void embeddingFaultsApplyToo() {
    assertThat(http.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small+status=429\",\"input\":\"x\"}").statusCode()).isEqualTo(429);
  }

  @Test
  void legacyCompletionsCountPromptWords() {
    JsonNode single = ok(http.post("/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Once upon a time\",\"max_tokens\":6}"));
    assertThat(single.get("object").asText()).isEqualTo("text_completion");
    assertThat(single.get("id").asText()).startsWith("cmpl-");
    assertThat(single.at("/choices/0/index").asInt()).isZero();
    assertThat(single.at("/choices/0/logprobs").isNull()).isTrue();
    assertThat(single.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(single.at("/choices/0/text").asText().split(" ")).hasSize(6);
    assertThat(single.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
    assertThat(single.at("/usage/completion_tokens").asInt()).isEqualTo(6);

    JsonNode several = ok(http.post("/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":[\"a b\",\"c d e\"]}"));
    assertThat(several.get("choices")).hasSize(1);
    assertThat(several.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
    assertThat(several.at("/usage/completion_tokens").asInt()).isEqualTo(16);
    assertThat(several.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void modelsListsCommonModels() {
    JsonNode list = ok(http.get("/v1/models", "Authorization", SimHttp.KEY));
    assertThat(list.get("object").asText()).isEqualTo("list");
    assertThat(list.get("data").findValuesAsText("id"))
        .contains("gpt-4o", "gpt-4o-mini", "gpt-4.1", "o3-mini", "text-embedding-3-small", "text-embedding-3-large");
    for (JsonNode model : list.get("data")) {
      assertThat(model.get("object").asText()).isEqualTo("model");
      assertThat(model.get("owned_by").asText()).isEqualTo("simulator");
      assertThat(model.get("created").asLong()).isPositive();
    }
    assertThat(http.get("/v1/models").statusCode()).isEqualTo(401);
  }
}
