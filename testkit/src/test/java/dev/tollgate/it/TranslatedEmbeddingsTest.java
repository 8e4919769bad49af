package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.simulator.core.EmbeddingVectors;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.tollgate.it.GatewayBehaviour.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v1/embeddings} in the OpenAI dialect on models served by Gemini ({@code batchEmbedContents}) and
 * by Bedrock ({@code InvokeModel} with Titan and Cohere bodies), through a real gateway to the simulator: the
 * upstream request in the upstream's format, the answer in OpenAI's (float and base64, checked against the
 * official OpenAPI document), the vectors the simulator made, in input order, and the usage booked.
 */
class TranslatedEmbeddingsTest {

    private static final String TITAN_PATH = "/model/amazon.titan-embed-text-v2%3A0/invoke";
    private static final String COHERE_PATH = "/model/cohere.embed-english-v3/invoke";

    private static GatewayHarness gw;
    private static OpenAiSpec spec;

    @BeforeAll
    static void start() {
        String config = GatewayHarness.DEFAULT_CONFIG.replace("providers:\n", """
                providers:
                  - { name: gemini-sim, type: gemini, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
                  - name: bedrock-sim
                    type: bedrock
                    base_url: "${SIM_ROOT}"
                    keys: ["AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]
                    options: { region: us-east-1 }
                """) + """
                  - name: gemini-embed
                    deployments: [{ provider: gemini-sim, model: gemini-embedding-001 }]
                  - name: titan-embed
                    deployments: [{ provider: bedrock-sim, model: "amazon.titan-embed-text-v2:0" }]
                  - name: cohere-embed
                    deployments: [{ provider: bedrock-sim, model: cohere.embed-english-v3 }]
                """;
        gw = GatewayHarness.start(config, null, "sk-gemini-sim-" + UUID.randomUUID());
        spec = OpenAiSpec.load();
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static String marker() {
        return "emb-" + UUID.randomUUID();
    }

    private static HttpResponse<String> embed(String body) {
        return gw.post("/v1/embeddings", body);
    }

    /** The gateway's answer: 200, and OpenAI's embeddings object (a base64 vector is a string, as the real API sends). */
    private static JsonNode answer(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Pattern vector = Pattern.compile("/data/\\d+/embedding");
        assertThat(spec.violations("CreateEmbeddingResponse", r.body(),
                (path, value) -> vector.matcher(path).matches() && value != null && value.isString()))
                .as("the answer must conform to CreateEmbeddingResponse: %s", r.body()).isEmpty();
        return json(r.body());
    }

    /** The vectors of an answer, decoded from base64 when they are strings, in {@code data} order. */
    private static List<float[]> vectors(JsonNode answer) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < answer.path("data").size(); i++) {
            JsonNode item = answer.path("data").get(i);
            assertThat(item.path("object").asText()).isEqualTo("embedding");
            assertThat(item.path("index").asInt()).isEqualTo(i);
            JsonNode embedding = item.path("embedding");
            if (embedding.isTextual()) {
                out.add(EmbeddingVectors.decodeBase64(embedding.asText()));
            } else {
                float[] values = new float[embedding.size()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = embedding.get(j).floatValue();
                }
                out.add(values);
            }
        }
        return out;
    }

    private static RecordedRequest upstreamCarrying(String marker) {
        List<RecordedRequest> matching = gw.simulator().recentRequests().stream()
                .filter(r -> r.body().contains(marker)).toList();
        assertThat(matching).as("upstream requests carrying %s", marker).hasSize(1);
        return matching.get(0);
    }

    private static UsageEvent booked(HttpResponse<String> r) {
        return booked(r.headers().firstValue("x-request-id").orElseThrow());
    }

    /** Booking is asynchronous: the event is awaited. */
    private static UsageEvent booked(String requestId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** The answer's usage is a positive prompt count, and it is what was booked. */
    private static UsageEvent assertUsageBooked(HttpResponse<String> r, JsonNode answer, boolean estimated) {
        long prompt = answer.path("usage").path("prompt_tokens").asLong();
        assertThat(prompt).isPositive();
        assertThat(answer.path("usage").path("total_tokens").asLong()).isEqualTo(prompt);
        UsageEvent e = booked(r);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.usage().promptTokens()).isEqualTo(prompt);
        assertThat(e.usage().completionTokens()).isZero();
        assertThat(e.usage().estimated()).isEqualTo(estimated);
        return e;
    }

    @ParameterizedTest(name = "encoding_format {0}")
    @CsvSource({"float", "base64"})
    void geminiEmbedsAnArrayInOneBatchCallWithTheRequestedDimensions(String format) {
        String first = "the first text " + marker();
        String second = "and the second";
        HttpResponse<String> r = embed("{\"model\":\"gemini-embed\",\"input\":[\"" + first + "\",\"" + second
                + "\"],\"dimensions\":12,\"encoding_format\":\"" + format + "\"}");
        JsonNode answer = answer(r);
        assertThat(answer.path("data").get(0).path("embedding").isTextual()).isEqualTo(format.equals("base64"));
        List<float[]> vectors = vectors(answer);
        assertThat(vectors).hasSize(2);
        assertThat(vectors.get(0)).containsExactly(EmbeddingVectors.unit(first, 12));
        assertThat(vectors.get(1)).containsExactly(EmbeddingVectors.unit(second, 12));
        assertThat(answer.path("model").asText()).isEqualTo("gemini-embedding-001");

        RecordedRequest upstream = upstreamCarrying(first);
        assertThat(upstream.path()).endsWith("/models/gemini-embedding-001:batchEmbedContents");
        assertThat(upstream.header("x-goog-api-key")).isEqualTo(gw.upstreamKey());
        JsonNode requests = json(upstream.body()).path("requests");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).path("content").path("parts").get(0).path("text").asText()).isEqualTo(second);
        assertThat(requests.get(1).path("outputDimensionality").asInt()).isEqualTo(12);
        assertThat(requests.get(1).path("model").asText()).isEqualTo("models/gemini-embedding-001");

        // Gemini reports no usage for embeddings: the gateway counts the input and says so.
        assertUsageBooked(r, answer, true);
    }

    @ParameterizedTest(name = "encoding_format {0}")
    @CsvSource({"float", "base64"})
    void titanEmbedsOneStringWithItsReportedTokenCount(String format) {
        String text = "one two three " + marker();
        HttpResponse<String> r = embed("{\"model\":\"titan-embed\",\"input\":\"" + text
                + "\",\"dimensions\":256,\"encoding_format\":\"" + format + "\"}");
        JsonNode answer = answer(r);
        List<float[]> vectors = vectors(answer);
        assertThat(vectors).hasSize(1);
        assertThat(vectors.get(0)).containsExactly(EmbeddingVectors.unit(text, 256));

        RecordedRequest upstream = upstreamCarrying(text);
        assertThat(upstream.path()).isEqualTo(TITAN_PATH);
        assertThat(upstream.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/");
        JsonNode sent = json(upstream.body());
        assertThat(sent.path("inputText").asText()).isEqualTo(text);
        assertThat(sent.path("dimensions").asInt()).isEqualTo(256);
        assertThat(sent.path("normalize").asBoolean()).isTrue();

        // Titan's inputTextTokenCount (the simulator counts words) is the usage, as reported.
        assertThat(answer.path("usage").path("prompt_tokens").asLong()).isEqualTo(4);
        assertUsageBooked(r, answer, false);
    }

    @ParameterizedTest(name = "encoding_format {0}")
    @CsvSource({"float", "base64"})
    void cohereEmbedsAnArrayInOneCall(String format) {
        String first = "cohere first " + marker();
        String second = "cohere second";
        HttpResponse<String> r = embed("{\"model\":\"cohere-embed\",\"input\":[\"" + first + "\",\"" + second
                + "\"],\"encoding_format\":\"" + format + "\"}");
        JsonNode answer = answer(r);
        List<float[]> vectors = vectors(answer);
        assertThat(vectors).hasSize(2);
        assertThat(vectors.get(0)).containsExactly(EmbeddingVectors.unit(first, 1024));
        assertThat(vectors.get(1)).containsExactly(EmbeddingVectors.unit(second, 1024));

        RecordedRequest upstream = upstreamCarrying(first);
        assertThat(upstream.path()).isEqualTo(COHERE_PATH);
        JsonNode sent = json(upstream.body());
        assertThat(sent.path("texts")).hasSize(2);
        assertThat(sent.path("input_type").asText()).isEqualTo("search_document");
        assertThat(sent.path("embedding_types").get(0).asText()).isEqualTo("float");

        // Cohere's body has no token count (Bedrock puts it in a header): the gateway counts the input.
        assertUsageBooked(r, answer, true);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "gemini-embed | {\"input\":[]}                        | 'input' must not be an empty array.",
            "cohere-embed | {\"input\":[]}                        | 'input' must not be an empty array.",
            "gemini-embed | {\"input\":[[1212, 318]]}             | token arrays",
            "titan-embed  | {\"input\":[\"a\",\"b\"]}             | Amazon Titan embeds one text per call",
            "cohere-embed | {\"input\":\"a\",\"dimensions\":256}  | 1024 dimensions",
            "gemini-embed | {\"input\":\"a\",\"encoding_format\":\"int8\"} | 'encoding_format'"})
    void aBadRequestIsAnOpenAiStyle400AndNeverReachesTheUpstream(String model, String body, String message) {
        int before = gw.simulator().recentRequests().size();
        HttpResponse<String> r = embed("{\"model\":\"" + model + "\"," + body.substring(1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(spec.violations("ErrorResponse", r.body())).as(r.body()).isEmpty();
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains(message);
        assertThat(gw.simulator().recentRequests()).hasSize(before);
    }

    @Test
    void whatTheUpstreamRefusesComesBackAsA400WithItsReason() {
        HttpResponse<String> r = embed("{\"model\":\"titan-embed\",\"input\":\"x\",\"dimensions\":100}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("#/dimensions: 100 is not a valid enum value");
    }

    @Test
    void theOpenAiJavaSdkEmbedsThroughGemini() {
        String marker = marker();
        List<String> inputs = List.of("sdk " + marker, "second sdk input");
        CreateEmbeddingResponse response;
        String requestId;
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gw.openAiBaseUrl()).apiKey(gw.key()).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
        try (HttpResponseFor<CreateEmbeddingResponse> raw = client.embeddings().withRawResponse().create(
                EmbeddingCreateParams.builder().model("gemini-embed").inputOfArrayOfStrings(inputs).dimensions(16).build())) {
            requestId = raw.headers().values("x-request-id").get(0);
            response = raw.parse();
        } finally {
            client.close();
        }
        response.validate(); // the SDK's strict check of every field it knows
        assertThat(response.data()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            List<Float> vector = response.data().get(i).embedding();
            float[] expected = EmbeddingVectors.unit(inputs.get(i), 16);
            assertThat(vector).hasSize(16);
            for (int j = 0; j < 16; j++) {
                assertThat(vector.get(j)).isEqualTo(expected[j]);
            }
        }
        assertThat(response.usage().promptTokens()).isPositive();
        assertThat(upstreamCarrying(marker).path()).endsWith(":batchEmbedContents");
        UsageEvent e = booked(requestId);
        assertThat(e.usage().promptTokens()).isEqualTo(response.usage().promptTokens());
        assertThat(e.model()).isEqualTo("gemini-embed");
    }
}
