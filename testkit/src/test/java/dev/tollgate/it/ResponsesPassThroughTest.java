package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.tollgate.it.GatewayBehaviour.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Responses API call to an upstream that speaks that API takes the fast path: the client's bytes go to
 * {@code /v1/responses} with only {@code model} rewritten, the answer (or each event) comes back as the upstream
 * sent it, and the usage is read on the way and booked exactly. The same call to an upstream that does not speak
 * it (Anthropic, a chat-only OpenAI-compatible service) is still translated. Calls are booked as
 * {@code responses} either way.
 */
class ResponsesPassThroughTest {

    /** What the scripted upstream answers, byte for byte: odd spacing, a decoy {@code "usage"} in text and metadata. */
    private static final String SCRIPTED_RESPONSE = "{\"id\":\"resp_scripted_1\",  \"object\":\"response\",\"created_at\":"
            + "1700000000,\"status\":\"completed\",\"model\":\"scripted-upstream\",\"output\":[{\"type\":\"message\","
            + "\"id\":\"msg_s1\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
            + "\"text\":\"Scripted \\\"usage\\\":{} reply\",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":21,"
            + "\"input_tokens_details\":{\"cached_tokens\":8,\"cache_write_tokens\":3},\"output_tokens\":13,"
            + "\"output_tokens_details\":{\"reasoning_tokens\":5},\"total_tokens\":34} ,\"metadata\":{\"usage\":\"tag\"}}";
    /** The scripted stream as it is written: one write with two events, one event split over two writes. */
    private static final List<String> SCRIPTED_STREAM = List.of(
            "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_scripted_2\","
                    + "\"status\":\"in_progress\",\"output\":[],\"usage\":null},\"sequence_number\":0}\n\n"
                    + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\","
                    + "\"item_id\":\"msg_s2\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\",\"sequence_number\":1}\n\n",
            "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_s2\",",
            "\"output_index\":0,\"content_index\":0,\"delta\":\"lo\",\"sequence_number\":2}\n\n",
            "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_scripted_2\","
                    + "\"status\":\"completed\",\"usage\":{\"input_tokens\":17,\"input_tokens_details\":{\"cached_tokens\":4,"
                    + "\"cache_write_tokens\":0},\"output_tokens\":9,\"output_tokens_details\":{\"reasoning_tokens\":2},"
                    + "\"total_tokens\":26}},\"sequence_number\":3}\n\n");

    private static final String METERED_MODEL = "gpt-4o-mini+chunks=6+cached_tokens=5+cache_write_tokens=2";

    private static Vertx vertx;
    private static HttpServer scripted;
    private static final List<String> scriptedBodies = new CopyOnWriteArrayList<>();
    private static GatewayHarness gw;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        scripted = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            scriptedBodies.add(body.toString());
            HttpServerResponse res = req.response();
            if (!json(body.toString()).path("stream").asBoolean()) {
                res.putHeader("content-type", "application/json").end(SCRIPTED_RESPONSE);
                return;
            }
            res.setChunked(true).putHeader("content-type", "text/event-stream");
            SCRIPTED_STREAM.forEach(part -> res.write(Buffer.buffer(part)));
            res.end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        String config = GatewayHarness.DEFAULT_CONFIG.replace("providers:\n", """
                providers:
                  - { name: claude-sim, type: anthropic, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
                  - { name: chat-only-sim, type: openai-compatible, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
                  - { name: scripted, type: openai, base_url: "http://127.0.0.1:%d/v1", keys: ["sk-scripted-123456"] }
                """.formatted(scripted.actualPort())) + """
                  - name: gpt-metered
                    deployments: [{ provider: sim, model: "%s" }]
                  - name: claude
                    deployments: [{ provider: claude-sim, model: claude-haiku-4-5 }]
                  - name: chat-only
                    deployments: [{ provider: chat-only-sim, model: gpt-4o-mini }]
                  - name: scripted
                    deployments: [{ provider: scripted, model: scripted-upstream }]
                """.formatted(METERED_MODEL);
        gw = GatewayHarness.start(config, null, "sk-sim-responses-pass-1");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    private static UsageEvent booked(HttpResponse<String> r) {
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    private static RecordedRequest upstreamCarrying(String marker) {
        List<RecordedRequest> matching = gw.simulator().recentRequests().stream()
                .filter(r -> r.body().contains(marker)).toList();
        assertThat(matching).as("upstream requests carrying %s", marker).hasSize(1);
        return matching.getFirst();
    }

    /** A Responses request with its own spacing and a field the gateway does not know, which must all survive. */
    private static String request(String model, String marker, boolean stream) {
        return "{\"model\":\"" + model + "\",  \"instructions\":\"Be brief.\",\"input\":[{\"type\":\"message\","
                + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Say hello (" + marker + ")\"}]}],"
                + "\"reasoning\":{\"effort\":\"low\"},\"store\":false,\"x_client_extension\":{\"kept\":[1, 2]}"
                + (stream ? ",\"stream\":true" : "") + "}";
    }

    private static TokenUsage usageOf(JsonNode u) {
        return new TokenUsage(u.path("input_tokens").asLong(), u.path("output_tokens").asLong(),
                u.path("input_tokens_details").path("cached_tokens").asLong(),
                u.path("input_tokens_details").path("cache_write_tokens").asLong(),
                u.path("output_tokens_details").path("reasoning_tokens").asLong(), false);
    }

    @Test
    void aCallToAnOpenAiUpstreamGoesToItsResponsesApiAsTheClientWroteIt() {
        String marker = UUID.randomUUID().toString();
        String body = request("gpt-metered", marker, false);
        HttpResponse<String> r = gw.post("/v1/responses", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        RecordedRequest upstream = upstreamCarrying(marker);
        assertThat(upstream.path()).isEqualTo("/v1/responses");
        assertThat(upstream.header("authorization")).isEqualTo("Bearer " + gw.upstreamKey());
        assertThat(upstream.body()).as("the client's bytes, only the model rewritten")
                .isEqualTo(body.replace("\"model\":\"gpt-metered\"", "\"model\":\"" + METERED_MODEL + "\""));

        JsonNode response = json(r.body());
        assertThat(response.path("id").asText()).as("the simulator's own Response, not a translation's")
                .startsWith("resp_sim");
        assertThat(response.path("output").path(0).path("type").asText()).isEqualTo("reasoning");
        assertThat(response.path("output").path(1).path("id").asText()).startsWith("msg_sim");
        assertThat(response.path("x_client_extension").isMissingNode()).isTrue();

        UsageEvent e = booked(r);
        TokenUsage reported = usageOf(response.path("usage"));
        assertThat(reported.cachedTokens()).isEqualTo(5);
        assertThat(reported.cacheWriteTokens()).isEqualTo(2);
        assertThat(reported.reasoningTokens()).isPositive();
        assertThat(e.usage()).as("booked exactly as the upstream reported").isEqualTo(reported);
        assertThat(e.endpoint()).isEqualTo(Endpoint.RESPONSES);
        assertThat(e.provider()).isEqualTo("sim");
        assertThat(e.upstreamModel()).isEqualTo(METERED_MODEL);
    }

    @Test
    void aStreamPassesThroughEventByEventAndIsMeteredFromItsFinalEvent() {
        String marker = UUID.randomUUID().toString();
        String body = request("gpt-metered", marker, true);
        HttpResponse<String> r = gw.post("/v1/responses", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");

        RecordedRequest upstream = upstreamCarrying(marker);
        assertThat(upstream.path()).isEqualTo("/v1/responses");
        assertThat(upstream.body()).as("nothing added: a Responses stream always ends with its usage")
                .isEqualTo(body.replace("\"model\":\"gpt-metered\"", "\"model\":\"" + METERED_MODEL + "\""));

        List<SseText.Event> events = SseText.events(r.body());
        List<String> types = events.stream().map(SseText.Event::name).toList();
        assertThat(types).startsWith("response.created", "response.in_progress").endsWith("response.completed");
        assertThat(types.stream().filter(t -> t.equals("response.output_text.delta")).count()).isEqualTo(6);
        for (int i = 0; i < events.size(); i++) {
            assertThat(json(events.get(i).data()).path("sequence_number").asInt()).isEqualTo(i);
        }
        JsonNode completed = json(events.getLast().data()).path("response");
        assertThat(completed.path("id").asText()).startsWith("resp_sim");

        UsageEvent e = booked(r);
        assertThat(e.stream()).isTrue();
        assertThat(e.usage()).isEqualTo(usageOf(completed.path("usage")));
        assertThat(e.usage().cachedTokens()).isEqualTo(5);
        assertThat(e.endpoint()).isEqualTo(Endpoint.RESPONSES);
    }

    @Test
    void theAnswerAndEveryEventComeBackByteForByte() {
        HttpResponse<String> answer = gw.post("/v1/responses", "{\"model\":\"scripted\",\"input\":\"hi\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(SCRIPTED_RESPONSE);
        assertThat(scriptedBodies.getLast()).isEqualTo("{\"model\":\"scripted-upstream\",\"input\":\"hi\"}");
        assertThat(booked(answer).usage()).isEqualTo(new TokenUsage(21, 13, 8, 3, 5, false));

        HttpResponse<String> stream = gw.post("/v1/responses", "{\"model\":\"scripted\",\"input\":\"hi\",\"stream\":true}");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).isEqualTo(String.join("", SCRIPTED_STREAM));
        assertThat(booked(stream).usage()).isEqualTo(new TokenUsage(17, 9, 4, 0, 2, false));
    }

    @Test
    void theSameCallToAnUpstreamWithoutTheResponsesApiIsStillTranslated() {
        for (String model : List.of("claude", "chat-only")) {
            String marker = UUID.randomUUID().toString();
            HttpResponse<String> r = gw.post("/v1/responses", request(model, marker, false));
            assertThat(r.statusCode()).as("%s: %s", model, r.body()).isEqualTo(200);
            RecordedRequest upstream = upstreamCarrying(marker);
            assertThat(upstream.path()).as(model).isEqualTo(model.equals("claude") ? "/v1/messages" : "/v1/chat/completions");
            JsonNode response = json(r.body());
            assertThat(response.path("object").asText()).as(model).isEqualTo("response");
            assertThat(response.path("id").asText()).as(model + ": the gateway's Response").doesNotStartWith("resp_sim");
            UsageEvent e = booked(r);
            assertThat(e.endpoint()).as(model).isEqualTo(Endpoint.RESPONSES);
            assertThat(e.usage()).as(model).isEqualTo(usageOf(response.path("usage")));
            assertThat(e.usage().estimated()).as(model).isFalse();
        }
    }

    @Test
    void aPassedThroughStreamThatBreaksEndsWithAnErrorEventNumberedOn() {
        HttpResponse<String> r = gw.post("/v1/responses", "{\"model\":\"cut-short\",\"input\":\"hi\",\"stream\":true}");
        assertThat(r.statusCode()).isEqualTo(200);
        List<SseText.Event> events = SseText.events(r.body());
        assertThat(events.stream().map(SseText.Event::name)).contains("response.output_text.delta")
                .doesNotContain("response.completed");
        SseText.Event last = events.getLast();
        assertThat(last.name()).isEqualTo("error");
        JsonNode error = json(last.data());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("sequence_number").asInt()).isEqualTo(
                json(events.get(events.size() - 2).data()).path("sequence_number").asInt() + 1);
        UsageEvent e = booked(r);
        assertThat(e.errorType()).isNotNull();
        assertThat(e.usage().estimated()).as("the upstream never reported usage").isTrue();
        assertThat(e.usage().completionTokens()).isPositive();
    }

    @Test
    void theAdminApiAndTheMetricsNameTheResponsesEndpoint() {
        HttpResponse<String> r = gw.post("/v1/responses", "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        booked(r);
        List<String> endpoints = new ArrayList<>();
        json(gw.admin("GET", "/admin/v1/usage?limit=1000", null).body()).path("data").forEach(u -> {
            if (u.path("request_id").asText().equals(requestId)) {
                endpoints.add(u.path("endpoint").asText());
            }
        });
        assertThat(endpoints).containsExactly("responses");
        assertThat(gw.gateway().scrapeMetrics()).contains("tollgate_requests_total{endpoint=\"responses\"");
    }
}
