package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tollgate's OpenAI dialect against the official OpenAI OpenAPI document ({@link OpenAiSpec}): what the gateway
 * sends upstream, what it answers, every stream chunk, and its error bodies.
 */
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON Schema sees a parsed tree (last duplicate wins), so duplicate keys are checked separately. */
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static OpenAiSpec spec;
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        spec = OpenAiSpec.load();
        gw = GatewayHarness.sqlite();
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    static void assertConforms(String schema, String json, String what) {
        assertThat(spec.violations(schema, json))
                .as("%s must conform to #/components/schemas/%s; it was:%n%s", what, schema, json)
                .isEmpty();
    }

    static void assertConforms(String schema, String json, String what,
                               java.util.function.BiPredicate<String, tools.jackson.databind.JsonNode> tolerated) {
        assertThat(spec.violations(schema, json, tolerated))
                .as("%s must conform to #/components/schemas/%s; it was:%n%s", what, schema, json)
                .isEmpty();
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static String marker() {
        return "contract-" + UUID.randomUUID();
    }

    /**
     * The one request the gateway sent upstream whose body carries {@code marker}, checked to be well-formed JSON
     * without duplicate keys (which a schema cannot see, and which parsers resolve differently).
     */
    static RecordedRequest upstreamCarrying(String marker) {
        List<RecordedRequest> matching = gw.simulator().recentRequests().stream()
                .filter(r -> r.body().contains(marker)).toList();
        assertThat(matching).as("upstream requests carrying %s", marker).hasSize(1);
        RecordedRequest upstream = matching.get(0);
        try {
            STRICT_JSON.readTree(upstream.body());
        } catch (Exception e) {
            throw new AssertionError("the upstream body is not strict JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "):\n" + upstream.body(), e);
        }
        return upstream;
    }

    static String chatBody(String marker, String extra) {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Say hello (" + marker + ")\"}],\"max_tokens\":12" + extra + "}";
    }

    // ---------------------------------------------------------------- chat

    @Test
    void nonStreamingChatRequestAndResponseConform() {
        String marker = marker();
        HttpResponse<String> r = gw.post("/v1/chat/completions", chatBody(marker, ",\"temperature\":0.2,\"user\":\"u-1\""));
        assertThat(r.statusCode()).isEqualTo(200);

        RecordedRequest upstream = upstreamCarrying(marker);
        assertThat(upstream.path()).isEqualTo("/v1/chat/completions");
        assertConforms("CreateChatCompletionRequest", upstream.body(), "the upstream chat request");
        assertConforms("CreateChatCompletionResponse", r.body(), "the chat response");
        assertThat(json(r.body()).path("object").asText()).isEqualTo("chat.completion");
    }

    @ParameterizedTest(name = "client stream_options: {0}")
    @ValueSource(strings = {"", ",\"stream_options\":{}", ",\"stream_options\":{\"include_usage\":false}",
            ",\"stream_options\":{\"include_usage\":true}"})
    void streamingChatRequestAndEveryChunkConform(String streamOptions) {
        String marker = marker();
        HttpResponse<String> r = gw.post("/v1/chat/completions", chatBody(marker, ",\"stream\":true" + streamOptions));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");

        // Upstream: the gateway's rewrite (include_usage forced on) still yields a valid request.
        RecordedRequest upstream = upstreamCarrying(marker);
        assertConforms("CreateChatCompletionRequest", upstream.body(), "the upstream streaming chat request");
        assertThat(json(upstream.body()).path("stream_options").path("include_usage").asBoolean()).isTrue();

        List<String> events = SseText.dataLines(r.body());
        assertThat(events).hasSizeGreaterThan(2).last().isEqualTo("[DONE]");
        List<String> chunks = events.subList(0, events.size() - 1);
        for (int i = 0; i < chunks.size(); i++) {
            assertConforms("CreateChatCompletionStreamResponse", chunks.get(i), "stream chunk " + i);
        }
        boolean clientAskedForUsage = streamOptions.contains("\"include_usage\":true");
        assertThat(chunks.stream().anyMatch(c -> json(c).path("usage").isObject())).isEqualTo(clientAskedForUsage);
    }

    @Test
    void streamOptionsNullIsAValidRequestAndStaysOneAfterTheRewrite() {
        // The spec allows "stream_options": null (ChatCompletionStreamOptions is anyOf [object, null]); the Python
        // SDK sends exactly that when called with stream_options=None. The gateway must still end up with one
        // stream_options carrying include_usage: true upstream, or the provider reports no usage and the call is
        // metered by estimate.
        String marker = marker();
        HttpResponse<String> r = gw.post("/v1/chat/completions", chatBody(marker, ",\"stream\":true,\"stream_options\":null"));
        assertThat(r.statusCode()).isEqualTo(200);
        RecordedRequest upstream = upstreamCarrying(marker);
        assertConforms("CreateChatCompletionRequest", upstream.body(), "the upstream streaming chat request");
        assertThat(json(upstream.body()).path("stream_options").path("include_usage").asBoolean())
                .as("include_usage upstream, as a last-wins JSON parser reads it; body: %s", upstream.body()).isTrue();
        List<String> events = SseText.dataLines(r.body());
        for (String chunk : events.subList(0, events.size() - 1)) {
            assertConforms("CreateChatCompletionStreamResponse", chunk, "stream chunk");
        }
        assertThat(events).noneMatch(e -> e.contains("\"usage\":{"));
    }

    // ---------------------------------------------------------------- legacy completions

    @Test
    void legacyCompletionRequestAndResponseConform() {
        String marker = marker();
        HttpResponse<String> r = gw.post("/v1/completions",
                "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Once upon a time (" + marker + ")\",\"max_tokens\":5,\"temperature\":0}");
        assertThat(r.statusCode()).isEqualTo(200);
        RecordedRequest upstream = upstreamCarrying(marker);
        assertThat(upstream.path()).isEqualTo("/v1/completions");
        assertConforms("CreateCompletionRequest", upstream.body(), "the upstream completion request");
        assertConforms("CreateCompletionResponse", r.body(), "the completion response");
    }

    @Test
    void legacyStreamingCompletionChunksConform() {
        // OpenAI streams legacy completions as a series of CreateCompletionResponse objects ("both the streamed and
        // non-streamed response objects share the same shape", says the spec). But CreateCompletionResponse types
        // choices[].finish_reason as a non-nullable string enum, while every chunk before the last one carries
        // "finish_reason": null, on the real API as here. So exactly that is tolerated: a null finish_reason on a
        // chunk that is not the last; the final chunk must carry a real finish reason and conform in full.
        String marker = marker();
        HttpResponse<String> r = gw.post("/v1/completions",
                "{\"model\":\"gpt-4o-mini\",\"prompt\":[\"Once upon a time (" + marker + ")\"],\"max_tokens\":4,\"stream\":true}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertConforms("CreateCompletionRequest", upstreamCarrying(marker).body(), "the upstream streaming completion request");
        List<String> events = SseText.dataLines(r.body());
        assertThat(events).last().isEqualTo("[DONE]");
        List<String> chunks = events.subList(0, events.size() - 1);
        assertThat(chunks).hasSizeGreaterThan(1);
        java.util.regex.Pattern finishReason = java.util.regex.Pattern.compile("/choices/\\d+/finish_reason");
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertConforms("CreateCompletionResponse", chunks.get(i), "completion stream chunk " + i,
                    (path, value) -> finishReason.matcher(path).matches() && value != null && value.isNull());
        }
        String last = chunks.get(chunks.size() - 1);
        assertConforms("CreateCompletionResponse", last, "the last completion stream chunk");
        assertThat(json(last).path("choices").get(0).path("finish_reason").asText()).isIn("stop", "length");
    }

    // ---------------------------------------------------------------- embeddings

    @ParameterizedTest(name = "encoding_format {0}")
    @ValueSource(strings = {"float", "base64"})
    void embeddingRequestAndResponseConform(String format) {
        String marker = marker();
        HttpResponse<String> r = gw.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"alpha "
                + marker + "\",\"beta\"],\"dimensions\":16,\"encoding_format\":\"" + format + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertConforms("CreateEmbeddingRequest", upstreamCarrying(marker).body(), "the upstream embedding request");
        JsonNode body = json(r.body());
        assertThat(body.path("data")).hasSize(2);
        if (format.equals("float")) {
            assertConforms("CreateEmbeddingResponse", r.body(), "the embedding response");
        } else {
            // The spec types Embedding.embedding as an array of numbers only, yet the real API answers
            // encoding_format=base64 with a base64 string there (what the official Node SDK asks for by default).
            // So exactly that is tolerated (a string at /data/N/embedding) and the strings are checked here instead:
            // base64 of 16 little-endian float32s.
            java.util.regex.Pattern vector = java.util.regex.Pattern.compile("/data/\\d+/embedding");
            assertConforms("CreateEmbeddingResponse", r.body(), "the base64 embedding response",
                    (path, value) -> vector.matcher(path).matches() && value != null && value.isString());
            for (JsonNode item : body.path("data")) {
                assertThat(item.path("embedding").isTextual()).isTrue();
                assertThat(java.util.Base64.getDecoder().decode(item.path("embedding").asText())).hasSize(16 * 4);
            }
        }
    }

    // ---------------------------------------------------------------- responses (passed through to OpenAI upstreams)

    /** The spec's schema for each Responses stream event type a pass-through from the simulator relays. */
    private static final java.util.Map<String, String> RESPONSE_EVENTS = java.util.Map.ofEntries(
            java.util.Map.entry("response.created", "ResponseCreatedEvent"),
            java.util.Map.entry("response.in_progress", "ResponseInProgressEvent"),
            java.util.Map.entry("response.output_item.added", "ResponseOutputItemAddedEvent"),
            java.util.Map.entry("response.output_item.done", "ResponseOutputItemDoneEvent"),
            java.util.Map.entry("response.content_part.added", "ResponseContentPartAddedEvent"),
            java.util.Map.entry("response.content_part.done", "ResponseContentPartDoneEvent"),
            java.util.Map.entry("response.output_text.delta", "ResponseTextDeltaEvent"),
            java.util.Map.entry("response.output_text.done", "ResponseTextDoneEvent"),
            java.util.Map.entry("response.completed", "ResponseCompletedEvent"),
            java.util.Map.entry("error", "ResponseErrorEvent"));

    /**
     * A Responses request with a string {@code input}: message items would make the spec's {@code InputItem}
     * {@code oneOf} ambiguous ({@code EasyInputMessage} and {@code InputMessage} both match them), which says
     * nothing about the gateway, whose pass-through forwards the client's input as it is.
     */
    static String responsesBody(String marker, String extra) {
        return "{\"model\":\"gpt-4o-mini\",\"instructions\":\"Be brief.\",\"input\":\"Say hello (" + marker + ")\","
                + "\"max_output_tokens\":32,\"reasoning\":{\"effort\":\"low\"}" + extra + "}";
    }

    @Test
    void aPassedThroughResponsesRequestAndItsResponseConform() {
        String marker = marker();
        HttpResponse<String> r = gw.post("/v1/responses", responsesBody(marker, ",\"store\":false"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        RecordedRequest upstream = upstreamCarrying(marker);
        assertThat(upstream.path()).isEqualTo("/v1/responses");
        assertConforms("CreateResponse", upstream.body(), "the upstream Responses request");
        assertConforms("Response", r.body(), "the Response");
    }

    @Test
    void everyEventOfAPassedThroughResponsesStreamConforms() {
        String marker = marker();
        HttpResponse<String> r = gw.post("/v1/responses", responsesBody(marker, ",\"stream\":true"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertConforms("CreateResponse", upstreamCarrying(marker).body(), "the upstream streaming Responses request");
        List<SseText.Event> events = SseText.events(r.body());
        assertThat(events).hasSizeGreaterThan(5);
        for (SseText.Event e : events) {
            assertThat(RESPONSE_EVENTS).as("a known event type").containsKey(e.name());
            assertConforms(RESPONSE_EVENTS.get(e.name()), e.data(), e.name() + " event");
            assertConforms("ResponseStreamEvent", e.data(), e.name() + " event");
        }
    }

    @Test
    void aPassedThroughResponsesStreamThatBreaksEndsWithAnErrorEventThatConforms() {
        HttpResponse<String> r = gw.post("/v1/responses", "{\"model\":\"cut-short\",\"input\":\"hi\",\"stream\":true}");
        assertThat(r.statusCode()).isEqualTo(200);
        List<SseText.Event> events = SseText.events(r.body());
        assertThat(events.getLast().name()).isEqualTo("error");
        for (SseText.Event e : events) {
            assertConforms(RESPONSE_EVENTS.get(e.name()), e.data(), e.name() + " event");
        }
        HttpResponse<String> failed = gw.post("/v1/responses", "{\"model\":\"broken-500\",\"input\":\"hi\"}");
        assertThat(failed.statusCode()).isEqualTo(502);
        assertConforms("ErrorResponse", failed.body(), "a Responses call's error body");
    }

    // ---------------------------------------------------------------- models

    @Test
    void modelsListConforms() {
        HttpResponse<String> r = gw.get("/v1/models", gw.key());
        assertThat(r.statusCode()).isEqualTo(200);
        assertConforms("ListModelsResponse", r.body(), "the model list");
        assertThat(json(r.body()).path("data").findValuesAsText("id")).contains("gpt-4o-mini", "text-embedding-3-small");
    }

    // ---------------------------------------------------------------- errors

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON       | {\"model\":\"gpt-4o-mini\",                                                                | 400",
            "missing model        | {\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}                                     | 400",
            "unknown model        | {\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}         | 404",
            "upstream 500         | {\"model\":\"broken-500\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}            | 502",
            "upstream 500, stream | {\"model\":\"broken-500\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true} | 502",
            "upstream 503         | {\"model\":\"overloaded-503\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}        | 503",
            "upstream 429         | {\"model\":\"limited-429\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}           | 429",
            "upstream rejects key | {\"model\":\"upstream-auth\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}         | 502"})
    void chatErrorBodiesConform(String name, String body, int status) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", body);
        assertThat(r.statusCode()).as(name).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        assertConforms("ErrorResponse", r.body(), name + " error body");
    }

    @Test
    void authenticationErrorBodiesConform() {
        HttpResponse<String> noKey = gw.send(HttpRequest.newBuilder(URI.create(gw.openAiBaseUrl() + "/chat/completions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(marker(), ""))).build());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertConforms("ErrorResponse", noKey.body(), "401 (no key) error body");

        HttpResponse<String> wrongKey = gw.get("/v1/models", "tg-" + "x".repeat(43));
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertConforms("ErrorResponse", wrongKey.body(), "401 (wrong key, /v1/models) error body");
    }

    @Test
    void oversizedBodyErrorConforms() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", chatBody(marker(), ",\"padding\":\"" + "x".repeat(70_000) + "\""));
        assertThat(r.statusCode()).isEqualTo(413);
        assertConforms("ErrorResponse", r.body(), "413 error body");
    }

    @Test
    void forbiddenModelErrorConforms() {
        String limited = gw.createKey("{\"name\":\"contract-limited\",\"models\":[\"gpt-4o\"]}");
        HttpResponse<String> r = gw.send(HttpRequest.newBuilder(URI.create(gw.openAiBaseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + limited).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(marker(), ""))).build());
        assertThat(r.statusCode()).isEqualTo(403);
        assertConforms("ErrorResponse", r.body(), "403 error body");
    }

    @Test
    void routingErrorBodiesConform() {
        HttpResponse<String> unknownUrl = gw.post("/v1/no-such-endpoint", "{}");
        assertThat(unknownUrl.statusCode()).isEqualTo(404);
        assertConforms("ErrorResponse", unknownUrl.body(), "404 (unknown URL) error body");

        HttpResponse<String> wrongMethod = gw.get("/v1/chat/completions", gw.key());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertConforms("ErrorResponse", wrongMethod.body(), "405 error body");
    }

    @Test
    void aStreamBrokenOffEndsWithAnErrorEventThatConforms() {
        HttpResponse<String> r = gw.post("/v1/chat/completions",
                "{\"model\":\"cut-short\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = SseText.dataLines(r.body());
        assertThat(events).hasSizeGreaterThan(1);
        for (String chunk : events.subList(0, events.size() - 1)) {
            assertConforms("CreateChatCompletionStreamResponse", chunk, "chunk before the break");
        }
        assertConforms("ErrorResponse", events.get(events.size() - 1), "the stream's final error event");
    }

    // ---------------------------------------------------------------- the validator itself

    @Test
    void theValidatorReallyRejectsWhatTheSpecForbids() {
        // Guards against a vacuous contract (e.g. a $ref that resolved to nothing and accepts everything).
        assertThat(spec.violations("ErrorResponse", "{\"error\":{\"message\":\"m\",\"type\":\"t\"}}"))
                .as("param and code are required").isNotEmpty();
        assertThat(spec.violations("ErrorResponse", "{\"error\":{\"message\":\"m\",\"type\":\"t\",\"param\":null,\"code\":null}}"))
                .isEmpty();
        assertThat(spec.violations("CreateChatCompletionResponse",
                "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\",\"refusal\":null},\"logprobs\":null,"
                        + "\"finish_reason\":\"bogus\"}]}"))
                .as("finish_reason outside its enum").isNotEmpty();
        assertThat(spec.violations("CreateChatCompletionStreamResponse",
                "{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"hi\"},\"logprobs\":null,\"finish_reason\":null}]}"))
                .as("null finish_reason/logprobs, as OpenAI sends them (nullable: true in the spec)").isEmpty();
        assertThat(spec.violations("CreateChatCompletionStreamResponse",
                "{\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":\"0\","
                        + "\"delta\":{},\"finish_reason\":null}]}"))
                .as("index must be an integer").isNotEmpty();
        assertThat(spec.violations("CreateEmbeddingRequest", "{\"model\":\"m\"}")).as("input is required").isNotEmpty();
        assertThat(spec.violations("CreateChatCompletionRequest",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}"))
                .as("a message role outside the oneOf (the discriminator is dropped, the oneOf is not)").isNotEmpty();
        assertThat(spec.violations("CreateChatCompletionRequest",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream_options\":{\"include_usage\":\"yes\"}}"))
                .as("include_usage must be a boolean").isNotEmpty();
        assertThat(spec.violations("CreateChatCompletionRequest",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,\"stream_options\":null}"))
                .as("stream_options may be null").isEmpty();
        assertThat(spec.violations("CreateChatCompletionStreamResponse",
                "{\"id\":\"x\",\"created\":1,\"model\":\"m\",\"choices\":[]}"))
                .as("object is required").isNotEmpty();
        assertThat(spec.violations("ListModelsResponse", "{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}")).isNotEmpty();
    }
}
