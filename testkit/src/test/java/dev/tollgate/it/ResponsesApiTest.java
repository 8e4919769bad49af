package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tollgate.it.GatewayBehaviour.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * OpenAI's Responses API at {@code /v1/responses} through the official SDK: passed through to an OpenAI upstream
 * (which speaks it), translated for an Anthropic one.
 */
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
                  - name: gpt-cached
                    deployments: [{ provider: sim, model: "gpt-4o-mini+cached_tokens=4" }]
                  - name: gpt-tools
                    deployments: [{ provider: sim, model: "gpt-4o-mini+tool_call" }]
                """;
        gw = GatewayHarness.start(config, null, "sk-sim-responses-1");
        client = OpenAIOkHttpClient.builder().baseUrl(gw.openAiBaseUrl()).apiKey(gw.key()).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
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

    private static RecordedRequest lastUpstream() {
        List<RecordedRequest> upstream = gw.simulator().recentRequests();
        return upstream.getLast();
    }

    private static UsageEvent booked(String requestId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    private static TokenUsage gatewayTerms(ResponseUsage u) {
        return new TokenUsage(u.inputTokens(), u.outputTokens(), u.inputTokensDetails().cachedTokens(),
                u.inputTokensDetails().cacheWriteTokens(), u.outputTokensDetails().reasoningTokens(), false);
    }

    @Test
    void theSdkCreatesAResponseOnAnOpenAiAndAnAnthropicModel() {
        for (String model : List.of("gpt-4o-mini", "claude")) {
            Response response = client.responses().create(ResponseCreateParams.builder()
                    .model(model).input("Say hello").instructions("Be brief.").build());
            assertThat(outputText(response)).as(model).isNotBlank();
            assertThat(response.usage()).as(model).isPresent();
            assertThat(response.usage().get().outputTokens()).as(model).isPositive();
            assertThat(lastUpstream().path()).as(model + ": passed through, or translated to the upstream's API")
                    .isEqualTo(model.equals("claude") ? "/v1/messages" : "/v1/responses");
        }
    }

    @Test
    void thePassedThroughResponseIsTheUpstreamsAndIsBookedWithItsUsage() {
        Response response;
        String requestId;
        try (HttpResponseFor<Response> raw = client.responses().withRawResponse().create(ResponseCreateParams.builder()
                .model("gpt-cached").input("Say hello").instructions("Be brief.").store(false)
                .reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).build()).build())) {
            requestId = raw.headers().values("x-request-id").getFirst();
            response = raw.parse();
        }
        response.validate(); // the SDK's strict check of every field it knows
        assertThat(response.id()).as("the simulator's id, relayed").startsWith("resp_sim");
        assertThat(response.output()).hasSize(2);
        assertThat(response.output().getFirst().reasoning()).isPresent();
        ResponseUsage usage = response.usage().orElseThrow();
        assertThat(usage.inputTokensDetails().cachedTokens()).isEqualTo(4);
        assertThat(usage.outputTokensDetails().reasoningTokens()).isPositive();

        UsageEvent e = booked(requestId);
        assertThat(e.endpoint()).isEqualTo(Endpoint.RESPONSES);
        assertThat(e.usage()).isEqualTo(gatewayTerms(usage));
        JsonNode sent = json(lastUpstream().body());
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini+cached_tokens=4");
        assertThat(sent.path("reasoning").path("effort").asText()).isEqualTo("low");
    }

    @Test
    void theSdkGetsTheUpstreamsFunctionCall() {
        Response response = client.responses().create(ResponseCreateParams.builder()
                .model("gpt-tools").input("What is the weather in Paris?")
                .addTool(FunctionTool.builder().name("get_weather").strict(false)
                        .parameters(FunctionTool.Parameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build())
                        .build())
                .build());
        ResponseFunctionToolCall call = response.output().getFirst().functionCall().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.callId()).startsWith("call_");
        assertThat(json(call.arguments()).path("city").isTextual()).isTrue();
        assertThat(json(lastUpstream().body()).path("tools").path(0).path("name").asText()).isEqualTo("get_weather");
    }

    @Test
    void theSdkStreamsAResponse() {
        for (String model : List.of("gpt-4o-mini", "claude")) {
            List<String> types = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            List<Response> completed = new ArrayList<>();
            try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
                    .model(model).input("Say hello").build())) {
                stream.stream().forEach(event -> {
                    event.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                    if (event.isCreated()) {
                        types.add("created");
                    }
                    event.completed().ifPresent(c -> {
                        types.add("completed");
                        completed.add(c.response());
                    });
                });
            }
            assertThat(types).as(model).containsExactly("created", "completed");
            assertThat(text.toString()).as(model).isNotBlank().isEqualTo(outputText(completed.getFirst()));
            assertThat(completed.getFirst().usage()).as(model).isPresent();
            assertThat(lastUpstream().path()).as(model).isEqualTo(model.equals("claude") ? "/v1/messages" : "/v1/responses");
        }
    }

    @Test
    void statefulFeaturesPassThroughToAnUpstreamThatHasThemAndAreRefusedWhenTranslated() {
        // OpenAI stores responses; the simulator, like OpenAI for an id it does not know, answers 400
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder()
                .model("gpt-4o-mini").input("hi").previousResponseId("resp_123").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("resp_123"));
        assertThat(json(lastUpstream().body()).path("previous_response_id").asText()).isEqualTo("resp_123");

        int before = gw.simulator().recentRequests().size();
        HttpResponse<String> r = gw.post("/v1/responses",
                "{\"model\":\"claude\",\"input\":\"hi\",\"previous_response_id\":\"resp_123\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("message").asText()).contains("previous_response_id");
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        assertThat(gw.simulator().recentRequests()).as("refused before any upstream call").hasSize(before);
    }
}
