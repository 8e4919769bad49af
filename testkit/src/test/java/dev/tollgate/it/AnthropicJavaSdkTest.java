package dev.tollgate.it;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.Usage;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.tollgate.it.GatewayBehaviour.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The official Anthropic Java SDK ({@code com.anthropic:anthropic-java}) pointed at the gateway's Anthropic
 * Messages endpoint, used as an application would use it against api.anthropic.com, on both kinds of model:
 * {@code gpt-4o-mini} is served by an OpenAI-format upstream (the gateway translates both ways) and
 * {@code claude} by an Anthropic-format upstream (the gateway passes the bytes through).
 */
class AnthropicJavaSdkTest {

    /** OpenAI-format upstream: Anthropic request → Chat Completions → Anthropic answer. */
    static final String TRANSLATED = "gpt-4o-mini";
    /** Anthropic-format upstream: the same format on both sides. */
    static final String PASS_THROUGH = "claude";

    static final String CONFIG = GatewayHarness.DEFAULT_CONFIG.replace("providers:\n", """
            providers:
              - { name: claude-sim, type: anthropic, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
            """) + """
              - name: claude
                deployments: [{ provider: claude-sim, model: claude-haiku-4-5 }]
              - name: claude-tools
                deployments: [{ provider: claude-sim, model: claude-haiku-4-5+tool_call=get_weather }]
              - name: claude-cached
                deployments: [{ provider: claude-sim, model: claude-haiku-4-5+cached_tokens=5+cache_write_tokens=3 }]
              - name: gpt-cached
                deployments: [{ provider: sim, model: gpt-4o-mini+cached_tokens=5 }]
              - name: claude-overloaded
                deployments: [{ provider: claude-sim, model: claude-haiku-4-5+status=529 }]
              - name: claude-cut-short
                deployments: [{ provider: claude-sim, model: claude-haiku-4-5+reset_after=3+chunks=10 }]
            """;

    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    static GatewayHarness gw;
    static AnthropicClient client;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(CONFIG, null, "sk-ant-sim-" + UUID.randomUUID());
        client = sdk(gw.key());
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

    static AnthropicClient sdk(String apiKey) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(gw.baseUrl())
                .apiKey(apiKey)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    static String marker() {
        return "anthropic-sdk-" + UUID.randomUUID();
    }

    static MessageCreateParams.Builder hello(String model, String marker) {
        return MessageCreateParams.builder()
                .model(model)
                .system("You are terse.")
                .addUserMessage("Say hello to the gateway (" + marker + ")")
                .maxTokens(64);
    }

    static final Tool GET_WEATHER = Tool.builder()
            .name("get_weather")
            .description("The current weather in a city")
            .inputSchema(Tool.InputSchema.builder()
                    .properties(Tool.InputSchema.Properties.builder()
                            .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
                            .putAdditionalProperty("days", JsonValue.from(Map.of("type", "integer")))
                            .build())
                    .addRequired("city")
                    .build())
            .build();

    // ---------------------------------------------------------------- helpers

    /** The usage event the gateway booked under this x-request-id. */
    static UsageEvent booked(String requestId) {
        assertThat(requestId).isNotBlank();
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    static String requestId(com.anthropic.core.http.HttpResponse response) {
        List<String> ids = response.headers().values("x-request-id");
        assertThat(ids).as("x-request-id on the gateway's answer").hasSize(1);
        return ids.get(0);
    }

    static RecordedRequest upstreamCarrying(String marker) {
        List<RecordedRequest> matching = gw.simulator().recentRequests().stream()
                .filter(r -> r.body().contains(marker)).toList();
        assertThat(matching).as("upstream requests carrying %s", marker).hasSize(1);
        return matching.get(0);
    }

    static String text(Message message) {
        StringBuilder sb = new StringBuilder();
        message.content().stream().flatMap(b -> b.text().stream()).map(TextBlock::text).forEach(sb::append);
        return sb.toString();
    }

    /** Anthropic's input_tokens exclude the cache; the gateway books every input token as prompt tokens. */
    static void assertBookedAs(UsageEvent e, Usage usage) {
        long cacheRead = usage.cacheReadInputTokens().orElse(0L);
        long cacheWrite = usage.cacheCreationInputTokens().orElse(0L);
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.usage().promptTokens()).as("booked prompt tokens")
                .isEqualTo(usage.inputTokens() + cacheRead + cacheWrite);
        assertThat(e.usage().completionTokens()).as("booked completion tokens").isEqualTo(usage.outputTokens());
        assertThat(e.usage().cachedTokens()).as("booked cache reads").isEqualTo(cacheRead);
        assertThat(e.usage().cacheWriteTokens()).as("booked cache writes").isEqualTo(cacheWrite);
    }

    /** What reached the provider: the right wire format and the gateway's credentials, never the client's. */
    static void assertUpstreamFormat(String model, RecordedRequest upstream) {
        if (model.equals(TRANSLATED)) {
            assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
            assertThat(upstream.header("authorization")).isEqualTo("Bearer " + gw.upstreamKey());
            JsonNode sent = json(upstream.body());
            assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
        } else {
            assertThat(upstream.path()).isEqualTo("/v1/messages");
            assertThat(upstream.header("x-api-key")).isEqualTo(gw.upstreamKey());
            assertThat(upstream.header("authorization")).isNull();
            JsonNode sent = json(upstream.body());
            assertThat(sent.path("model").asText()).isEqualTo("claude-haiku-4-5");
            assertThat(sent.path("system").toString()).contains("You are terse.");
        }
        assertThat(upstream.headers().values()).doesNotContain(gw.key(), "Bearer " + gw.key());
    }

    // ---------------------------------------------------------------- messages.create

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TRANSLATED, PASS_THROUGH})
    void nonStreamingMessageIsParsedAndBookedWithTheSameUsage(String model) {
        String marker = marker();
        Message message;
        String requestId;
        try (HttpResponseFor<Message> raw = client.messages().withRawResponse().create(hello(model, marker).build())) {
            assertThat(raw.statusCode()).isEqualTo(200);
            requestId = requestId(raw);
            message = raw.parse();
        }
        message.validate(); // the SDK's strict check of every field it knows
        assertThat(message.id()).startsWith("msg_");
        assertThat(message._role().asString()).contains("assistant");
        assertThat(message._type().asString()).contains("message");
        assertThat(message.model().asString()).isNotBlank();
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).isText()).isTrue();
        assertThat(text(message)).isNotBlank();
        assertThat(message.stopReason()).contains(StopReason.END_TURN);

        Usage usage = message.usage();
        assertThat(usage.inputTokens()).isPositive();
        assertThat(usage.outputTokens()).isPositive().isLessThanOrEqualTo(64);

        UsageEvent e = booked(requestId);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.stream()).isFalse();
        assertThat(e.model()).isEqualTo(model);
        assertBookedAs(e, usage);
        assertUpstreamFormat(model, upstreamCarrying(marker));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TRANSLATED, PASS_THROUGH})
    void maxTokensCutsTheReplyShortWithTheMaxTokensStopReason(String model) {
        Message message = client.messages().create(hello(model, marker()).maxTokens(3).build());
        assertThat(message.stopReason()).contains(StopReason.MAX_TOKENS);
        assertThat(message.usage().outputTokens()).isEqualTo(3);
        assertThat(text(message).trim().split("\\s+")).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TRANSLATED, PASS_THROUGH})
    void streamingMessageAccumulatesAndIsBookedWithTheStreamedUsage(String model) {
        String marker = marker();
        List<RawMessageStreamEvent> events;
        String requestId;
        try (HttpResponseFor<StreamResponse<RawMessageStreamEvent>> raw =
                     client.messages().withRawResponse().createStreaming(hello(model, marker).build());
             StreamResponse<RawMessageStreamEvent> stream = raw.parse()) {
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.headers().values("content-type")).singleElement().asString().startsWith("text/event-stream");
            requestId = requestId(raw);
            events = stream.stream().toList();
        }
        assertThat(events.get(0).isMessageStart()).as("first event is message_start").isTrue();
        assertThat(events.get(events.size() - 1).isMessageStop()).as("last event is message_stop").isTrue();
        assertThat(events.stream().filter(RawMessageStreamEvent::isMessageDelta)).hasSize(1);

        MessageAccumulator accumulator = MessageAccumulator.create();
        events.forEach(accumulator::accumulate);
        Message message = accumulator.message();

        StringBuilder deltas = new StringBuilder();
        long textDeltas = events.stream().filter(RawMessageStreamEvent::isContentBlockDelta)
                .map(ev -> ev.asContentBlockDelta().delta()).filter(d -> d.isText())
                .peek(d -> deltas.append(d.asText().text())).count();
        assertThat(deltas.toString()).isNotBlank().isEqualTo(text(message));
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.id()).startsWith("msg_");

        Usage usage = message.usage();
        assertThat(usage.inputTokens()).isPositive();
        assertThat(usage.outputTokens()).as("one text delta per output token in the simulator").isEqualTo(textDeltas);

        UsageEvent e = booked(requestId);
        assertThat(e.stream()).isTrue();
        assertThat(e.status()).isEqualTo(200);
        assertBookedAs(e, usage);
        assertUpstreamFormat(model, upstreamCarrying(marker));
    }

    // ---------------------------------------------------------------- tools

    @Test
    void aToolCallComesBackAsAToolUseBlockWithParsedInput() {
        Message message = client.messages().create(MessageCreateParams.builder()
                .model("claude-tools")
                .maxTokens(256)
                .addUserMessage("What is the weather in Paris?")
                .addTool(GET_WEATHER)
                .build());
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        List<ToolUseBlock> calls = message.content().stream().flatMap(b -> b.toolUse().stream()).toList();
        assertThat(calls).hasSize(1);
        ToolUseBlock call = calls.get(0);
        assertThat(call.id()).startsWith("toolu_");
        assertThat(call.name()).isEqualTo("get_weather");
        Map<String, Object> input = call._input().convert(MAP);
        assertThat(input).containsOnlyKeys("city", "days");
        assertThat(input.get("city")).isInstanceOf(String.class).asString().isNotBlank();
        assertThat(input.get("days")).isInstanceOf(Integer.class);

        JsonNode sent = json(gw.simulator().recentRequests().getLast().body());
        assertThat(sent.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(sent.path("tools").get(0).path("input_schema").path("required").get(0).asText()).isEqualTo("city");
    }

    @Test
    void aStreamedToolCallAccumulatesItsInputJson() {
        List<RawMessageStreamEvent> events;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder()
                .model("claude-tools")
                .maxTokens(256)
                .addUserMessage("What is the weather in Paris?")
                .addTool(GET_WEATHER)
                .build())) {
            events = stream.stream().toList();
        }
        assertThat(events).anyMatch(ev -> ev.isContentBlockDelta() && ev.asContentBlockDelta().delta().isInputJson());
        MessageAccumulator accumulator = MessageAccumulator.create();
        events.forEach(accumulator::accumulate);
        Message message = accumulator.message();
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        ContentBlock block = message.content().get(message.content().size() - 1);
        assertThat(block.isToolUse()).isTrue();
        assertThat(block.asToolUse().name()).isEqualTo("get_weather");
        Map<String, Object> input = block.asToolUse()._input().convert(MAP);
        assertThat(input).containsKeys("city", "days");
    }

    @Test
    void aToolResultConversationIsTranslatedForAnOpenAiFormatUpstream() {
        // a real tool_use turn from the Anthropic-format model, then the tool's result, continued on the other model
        Message toolTurn = client.messages().create(MessageCreateParams.builder()
                .model("claude-tools").maxTokens(256).addUserMessage("What is the weather in Paris?")
                .addTool(GET_WEATHER).build());
        ToolUseBlock call = toolTurn.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        String marker = marker();

        Message answer = client.messages().create(MessageCreateParams.builder()
                .model(TRANSLATED).maxTokens(64)
                .addUserMessage("What is the weather in Paris?")
                .addMessage(toolTurn)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(call.id()).content("sunny, " + marker).build())))
                .addTool(GET_WEATHER)
                .build());
        assertThat(text(answer)).isNotBlank();
        assertThat(answer.stopReason()).contains(StopReason.END_TURN);

        JsonNode sent = json(upstreamCarrying(marker).body());
        JsonNode messages = sent.path("messages");
        assertThat(messages).hasSize(3);
        JsonNode assistant = messages.get(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        JsonNode toolCall = assistant.path("tool_calls").get(0);
        assertThat(toolCall.path("id").asText()).isEqualTo(call.id());
        assertThat(toolCall.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(GatewayBehaviour.JSON.convertValue(json(toolCall.path("function").path("arguments").asText()), MAP))
                .as("the tool call's arguments, as the client sent them back").isEqualTo(call._input().convert(MAP));
        JsonNode result = messages.get(2);
        assertThat(result.path("role").asText()).isEqualTo("tool");
        assertThat(result.path("tool_call_id").asText()).isEqualTo(call.id());
        assertThat(result.path("content").toString()).contains("sunny, " + marker);
        assertThat(sent.path("tools").get(0).path("function").path("parameters").path("required").get(0).asText())
                .isEqualTo("city");
    }

    // ---------------------------------------------------------------- a stream that breaks

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cut-short", "claude-cut-short"})
    void aStreamCutShortUpstreamEndsInAnErrorTheSdkRaisesAndIsBookedByEstimate(String model) {
        List<RawMessageStreamEvent> seen = new java.util.ArrayList<>();
        String[] requestId = new String[1];
        assertThatThrownBy(() -> {
            try (HttpResponseFor<StreamResponse<RawMessageStreamEvent>> raw =
                         client.messages().withRawResponse().createStreaming(hello(model, marker()).build());
                 StreamResponse<RawMessageStreamEvent> stream = raw.parse()) {
                requestId[0] = requestId(raw);
                stream.stream().forEach(seen::add);
            }
        }).isInstanceOfSatisfying(AnthropicServiceException.class, e -> assertThat(e.errorType())
                .hasValueSatisfying(t -> assertThat(t.asString()).isEqualTo("api_error")));
        assertThat(seen).as("the events before the break reached the client").isNotEmpty();
        assertThat(seen.get(0).isMessageStart()).isTrue();
        assertThat(seen).noneMatch(RawMessageStreamEvent::isMessageStop);

        UsageEvent e = booked(requestId[0]);
        assertThat(e.stream()).isTrue();
        assertThat(e.errorType()).isEqualTo("upstream_error");
        assertThat(e.usage().estimated()).isTrue();
        assertThat(e.usage().completionTokens()).isPositive();
    }

    // ---------------------------------------------------------------- cache accounting

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gpt-cached, 5, 0", "claude-cached, 5, 3"})
    void cacheReadsAndWritesAreReportedApartFromInputTokensAndBookedInFull(String model, long read, long write) {
        String requestId;
        Message message;
        try (HttpResponseFor<Message> raw = client.messages().withRawResponse().create(hello(model, marker()).build())) {
            requestId = requestId(raw);
            message = raw.parse();
        }
        Usage usage = message.usage();
        assertThat(usage.cacheReadInputTokens()).contains(read);
        assertThat(usage.cacheCreationInputTokens()).contains(write);
        assertThat(usage.inputTokens()).isPositive();
        assertBookedAs(booked(requestId), usage);
    }

    // ---------------------------------------------------------------- count_tokens

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TRANSLATED, PASS_THROUGH})
    void countTokensReturnsAPositiveCountThatGrowsWithThePrompt(String model) {
        MessageTokensCount small = client.messages().countTokens(MessageCountTokensParams.builder()
                .model(model)
                .addUserMessage("Hello")
                .build());
        MessageTokensCount large = client.messages().countTokens(MessageCountTokensParams.builder()
                .model(model)
                .system("You are a careful assistant who answers in full sentences.")
                .addUserMessage("Hello there, please tell me a long story about a gateway that counts tokens.")
                .addTool(GET_WEATHER)
                .build());
        assertThat(small.inputTokens()).isPositive();
        assertThat(large.inputTokens()).isGreaterThan(small.inputTokens());
    }

    @Test
    void countTokensAnswersWithTheGatewaysRequestId() {
        try (HttpResponseFor<MessageTokensCount> raw = client.messages().withRawResponse().countTokens(
                MessageCountTokensParams.builder().model(PASS_THROUGH).addUserMessage("Hello").build())) {
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(requestId(raw)).startsWith("req_");
            assertThat(raw.parse().inputTokens()).isPositive();
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void aBadKeyIsTheSdksUnauthorizedExceptionInAnthropicsFormat() {
        AnthropicClient stranger = sdk("tg-" + "x".repeat(43));
        try {
            for (String model : List.of(TRANSLATED, PASS_THROUGH)) {
                assertThatThrownBy(() -> stranger.messages().create(hello(model, marker()).build()))
                        .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(401);
                            assertAnthropicError(e, "authentication_error");
                            assertThat(e.getMessage()).doesNotContain(gw.upstreamKey());
                        });
            }
            assertThatThrownBy(() -> stranger.messages().countTokens(MessageCountTokensParams.builder()
                    .model(PASS_THROUGH).addUserMessage("hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertAnthropicError(e, "authentication_error"));
        } finally {
            stranger.close();
        }
    }

    @Test
    void anUnknownModelIsTheSdksNotFoundExceptionInAnthropicsFormat() {
        assertThatThrownBy(() -> client.messages().create(hello("no-such-model", marker()).build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertAnthropicError(e, "not_found_error");
                    assertThat(e.apiMessage()).hasValueSatisfying(m -> assertThat(m).contains("no-such-model"));
                    assertThat(e.headers().values("x-request-id")).hasSize(1);
                });
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(
                    hello("no-such-model", marker()).build())) {
                s.stream().toList();
            }
        }).isInstanceOfSatisfying(NotFoundException.class, e -> assertAnthropicError(e, "not_found_error"));
        assertThatThrownBy(() -> client.messages().countTokens(MessageCountTokensParams.builder()
                .model("no-such-model").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertAnthropicError(e, "not_found_error"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"overloaded-503", "claude-overloaded"})
    void anOverloadedUpstreamIsAServerErrorInAnthropicsFormatWithoutTheUpstreamKey(String model) {
        String marker = marker();
        assertThatThrownBy(() -> client.messages().create(hello(model, marker).build()))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isBetween(500, 599);
                    assertThat(e.body().toString()).doesNotContain(gw.upstreamKey());
                    assertThat(e.body().convert(MAP)).containsEntry("type", "error");
                    assertThat(e.errorType()).isPresent();
                    UsageEvent booked = booked(e.headers().values("x-request-id").get(0));
                    assertThat(booked.status()).isEqualTo(e.statusCode());
                    assertThat(booked.usage().totalTokens()).isZero();
                });
    }

    /**
     * Anthropic's SDKs read the request id from {@code request-id} ({@code HttpResponse.requestId()},
     * {@code AnthropicServiceException.requestId()}); the gateway's Anthropic answers carry only
     * {@code x-request-id}, and on pass-through the upstream's {@code request-id} is dropped, so the SDK sees none.
     */
    @Test
    void theSdksOwnRequestIdIsTheGatewaysRequestId() {
        for (String model : List.of(TRANSLATED, PASS_THROUGH)) {
            try (HttpResponseFor<Message> raw = client.messages().withRawResponse().create(hello(model, marker()).build())) {
                assertThat(raw.requestId()).as(model).contains(requestId(raw));
            }
        }
        assertThatThrownBy(() -> client.messages().create(hello("no-such-model", marker()).build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.requestId())
                        .contains(e.headers().values("x-request-id").get(0)));
    }

    static void assertAnthropicError(AnthropicServiceException e, String type) {
        Map<String, Object> body = e.body().convert(MAP);
        assertThat(body).as("Anthropic's error envelope").containsEntry("type", "error");
        assertThat(body.get("error")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("type", type).containsKey("message");
        assertThat(e.errorType()).hasValueSatisfying(t -> assertThat(t.asString()).isEqualTo(type));
    }
}
