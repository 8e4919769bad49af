package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.tollgate.it.GatewayBehaviour.json;
import static org.assertj.core.api.Assertions.assertThat;

/** OpenAI's Responses API at {@code /v1/responses}, translated to chat upstreams of every format, via the official SDK. */
class ResponsesApiTest {

    private static GatewayHarness gw;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        String config = GatewayHarness.DEFAULT_CONFIG.replace("providers:\n", """
                providers:
                  - { name: claude-sim, type: anthropic, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
                """) + """
                  - name: claude
                    deployments: [{ provider: claude-sim, model: claude-haiku-4-5 }]
                """;
        gw = GatewayHarness.start(config, null, "sk-sim-responses-1");
        client = OpenAIOkHttpClient.builder().baseUrl(gw.openAiBaseUrl()).apiKey(gw.key()).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static String outputText(Response response) {
        StringBuilder text = new StringBuilder();
        response.output().forEach(item -> item.message().ifPresent(m -> m.content().forEach(
                c -> c.outputText().ifPresent(t -> text.append(t.text())))));
        return text.toString();
    }

    @Test
    void theSdkCreatesAResponseOnAnOpenAiAndAnAnthropicModel() {
        for (String model : List.of("gpt-4o-mini", "claude")) {
            Response response = client.responses().create(ResponseCreateParams.builder()
                    .model(model).input("Say hello").instructions("Be brief.").build());
            assertThat(outputText(response)).as(model).isNotBlank();
            assertThat(response.usage()).as(model).isPresent();
            assertThat(response.usage().get().outputTokens()).as(model).isPositive();
            List<RecordedRequest> upstream = gw.simulator().recentRequests();
            String path = upstream.get(upstream.size() - 1).path();
            assertThat(path).as(model).isEqualTo(model.equals("claude") ? "/v1/messages" : "/v1/chat/completions");
        }
    }

    @Test
    void theSdkStreamsAResponse() {
        List<String> types = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("gpt-4o-mini").input("Say hello").build())) {
            stream.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                if (event.isCreated()) {
                    types.add("created");
                }
                if (event.isCompleted()) {
                    types.add("completed");
                }
            });
        }
        assertThat(types).containsExactly("created", "completed");
        assertThat(text.toString()).isNotBlank();
    }

    @Test
    void unsupportedFeaturesAreRefusedInTheOpenAiErrorFormat() {
        HttpResponse<String> r = gw.post("/v1/responses",
                "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\",\"previous_response_id\":\"resp_123\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("message").asText()).contains("previous_response_id");
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
    }
}
