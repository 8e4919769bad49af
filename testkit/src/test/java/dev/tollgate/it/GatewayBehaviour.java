package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's client-facing behaviour over real sockets, gateway + simulator, run once per storage
 * backend by the subclasses.
 */
abstract class GatewayBehaviour {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HELLO = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the gateway\"}]%s}";

    static GatewayHarness gw;

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    static String chat(String model, String extra) {
        return HELLO.formatted(model, extra);
    }

    static UsageEvent booked(String requestId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static RecordedRequest lastUpstreamRequest() {
        List<RecordedRequest> all = gw.simulator().recentRequests();
        return all.get(all.size() - 1);
    }

    @Test
    void nonStreamingChatIsRelayedMeteredAndBooked() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("gpt-4o-mini", ""));
        assertThat(r.statusCode()).isEqualTo(200);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        JsonNode body = json(r.body());
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isNotBlank();

        RecordedRequest upstream = lastUpstreamRequest();
        assertThat(upstream.headers().get("authorization")).isEqualTo("Bearer " + gw.upstreamKey());
        assertThat(json(upstream.body()).path("model").asText()).isEqualTo("gpt-4o-mini");

        UsageEvent e = booked(requestId);
        assertThat(e.usage().promptTokens()).isEqualTo(body.path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(e.usage().completionTokens()).isEqualTo(body.path("usage").path("completion_tokens").asLong());
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.costNanoUsd()).isPositive();
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.provider()).isEqualTo("sim");
        assertThat(e.keyId()).startsWith("key_");
    }

    @Test
    void streamingChatStripsTheUsageChunkTheGatewayAskedFor() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("gpt-4o-mini", ",\"stream\":true"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<String> events = SseText.dataLines(r.body());
        assertThat(events).last().isEqualTo("[DONE]");
        assertThat(events).noneMatch(e -> e.contains("\"usage\":{"));
        long contentChunks = events.stream().filter(e -> e.contains("\"content\":\"") && !e.contains("\"content\":\"\"")).count();

        assertThat(json(lastUpstreamRequest().body()).path("stream_options").path("include_usage").asBoolean()).isTrue();
        UsageEvent e = booked(r.headers().firstValue("x-request-id").orElseThrow());
        assertThat(e.stream()).isTrue();
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.usage().completionTokens()).isEqualTo(contentChunks);
        assertThat(e.ttftMicros()).isPositive().isLessThanOrEqualTo(e.latencyMicros());
    }

    @Test
    void streamingChatKeepsTheUsageChunkWhenTheClientAskedForIt() {
        HttpResponse<String> r = gw.post("/v1/chat/completions",
                chat("gpt-4o-mini", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        List<String> events = SseText.dataLines(r.body());
        String usageChunk = events.get(events.size() - 2);
        assertThat(json(usageChunk).path("choices").size()).isZero();
        UsageEvent e = booked(r.headers().firstValue("x-request-id").orElseThrow());
        assertThat(e.usage().promptTokens()).isEqualTo(json(usageChunk).path("usage").path("prompt_tokens").asLong());
    }

    @Test
    void legacyCompletionsAndEmbeddingsAreBookedToo() {
        HttpResponse<String> c = gw.post("/v1/completions", "{\"model\":\"gpt-4o-mini\",\"prompt\":\"Once upon a time\",\"max_tokens\":5}");
        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(booked(c.headers().firstValue("x-request-id").orElseThrow()).usage().completionTokens()).isEqualTo(5);

        HttpResponse<String> em = gw.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"three word input\",\"dimensions\":8}");
        assertThat(em.statusCode()).isEqualTo(200);
        assertThat(json(em.body()).path("data").get(0).path("embedding").size()).isEqualTo(8);
        UsageEvent e = booked(em.headers().firstValue("x-request-id").orElseThrow());
        assertThat(e.usage().promptTokens()).isEqualTo(json(em.body()).path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(e.usage().completionTokens()).isZero();
    }

    @Test
    void modelsListShowsOnlyWhatTheKeyMayUse() {
        String limited = gw.createKey("{\"name\":\"limited\",\"models\":[\"gpt-4o*\"]}");
        HttpResponse<String> r = gw.get("/v1/models", limited);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("data").findValuesAsText("id")).containsExactly("gpt-4o", "gpt-4o-mini");
        assertThat(json(gw.get("/v1/models/gpt-4o", limited).body()).path("id").asText()).isEqualTo("gpt-4o");
        assertThat(gw.get("/v1/models/text-embedding-3-small", limited).statusCode()).isEqualTo(404);

        HttpResponse<String> denied = gw.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gw.baseUrl() + "/v1/embeddings"))
                .header("x-api-key", limited).header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}")).build());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(denied.body()).path("error").path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(booked(denied.headers().firstValue("x-request-id").orElseThrow()).status()).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0} → {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON        | {\"model\":\"gpt-4o-mini\",                          | 400 | invalid_request_error",
            "missing model         | {\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}                                     | 400 | invalid_request_error",
            "unknown model         | {\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}         | 404 | invalid_request_error",
            "upstream 500          | {\"model\":\"broken-500\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}            | 502 | upstream_error",
            "upstream 503          | {\"model\":\"overloaded-503\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}        | 503 | upstream_error",
            "upstream 429          | {\"model\":\"limited-429\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}           | 429 | rate_limit_error",
            "upstream rejects key  | {\"model\":\"upstream-auth\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}         | 502 | upstream_error",
            "upstream hangs        | {\"model\":\"hanging\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}               | 504 | timeout_error",
            "upstream 500 stream   | {\"model\":\"broken-500\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true} | 502 | upstream_error"})
    void badInputAndUpstreamFailuresGetOneCleanErrorAndAreStillBooked(String name, String body, int status, String type) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", body);
        assertThat(r.statusCode()).as(name).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode error = json(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain(gw.upstreamKey());
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        UsageEvent e = booked(requestId);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.errorType()).isEqualTo(type);
        assertThat(e.usage().totalTokens()).isZero();
        if (status == 429 || status == 503) {
            assertThat(r.headers().firstValue("retry-after")).isPresent();
        }
    }

    @Test
    void missingWrongAndRevokedKeysAre401() {
        String body = chat("gpt-4o-mini", "");
        var noKey = gw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.baseUrl() + "/v1/chat/completions"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(noKey.headers().firstValue("x-request-id")).isPresent();

        assertThat(gw.get("/v1/models", "tg-" + "x".repeat(43)).statusCode()).isEqualTo(401);

        JsonNode created = json(gw.admin("POST", "/admin/v1/keys", "{\"name\":\"to-revoke\"}").body());
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        assertThat(gw.get("/v1/models", key).statusCode()).isEqualTo(200);
        assertThat(gw.admin("DELETE", "/admin/v1/keys/" + id, null).statusCode()).isEqualTo(200);
        assertThat(gw.get("/v1/models", key).statusCode()).isEqualTo(401);
    }

    @Test
    void oversizedBodiesAre413() {
        String huge = chat("gpt-4o-mini", ",\"padding\":\"" + "x".repeat(70_000) + "\"");
        HttpResponse<String> r = gw.post("/v1/chat/completions", huge);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("request_too_large");
        assertThat(booked(r.headers().firstValue("x-request-id").orElseThrow()).status()).isEqualTo(413);
    }

    @Test
    void aStreamCutShortEndsWithAnErrorEventAndIsMeteredByEstimate() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("cut-short", ",\"stream\":true"));
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = SseText.dataLines(r.body());
        assertThat(events).isNotEmpty();
        assertThat(json(events.get(events.size() - 1)).path("error").path("type").asText()).isEqualTo("upstream_error");
        assertThat(events).doesNotContain("[DONE]");
        UsageEvent e = booked(r.headers().firstValue("x-request-id").orElseThrow());
        assertThat(e.usage().estimated()).isTrue();
        assertThat(e.usage().promptTokens()).isPositive();
        assertThat(e.usage().completionTokens()).isPositive();
        assertThat(e.errorType()).isEqualTo("upstream_error");
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheUpstreamCall() throws Exception {
        long abandonedBefore = gw.simulator().abandonedResponses();
        java.net.Socket socket = new java.net.Socket("127.0.0.1", java.net.URI.create(gw.baseUrl()).getPort());
        String body = chat("slow-stream", ",\"stream\":true");
        String request = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + gw.key()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        String requestId = null;
        String line;
        while ((line = in.readLine()) != null && !line.startsWith("data:")) {
            if (line.toLowerCase().startsWith("x-request-id:")) {
                requestId = line.substring("x-request-id:".length()).trim();
            }
        }
        assertThat(line).as("first event of the stream").startsWith("data:");
        socket.close(); // the client leaves after the first event

        await().atMost(Duration.ofSeconds(10)).until(() -> gw.simulator().abandonedResponses() > abandonedBefore);
        UsageEvent e = booked(requestId);
        assertThat(e.status()).isEqualTo(499);
        assertThat(e.errorType()).isEqualTo("client_closed");
    }

    @Test
    void anUpstreamSilentMidStreamForLongerThanTheReadTimeoutIsCutOff() {
        long start = System.nanoTime();
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("stalling", ",\"stream\":true"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        List<String> events = SseText.dataLines(r.body());
        assertThat(events).hasSizeGreaterThanOrEqualTo(2);
        assertThat(json(events.get(events.size() - 1)).path("error").path("type").asText()).isEqualTo("upstream_error");
        assertThat(tookMs).as("cut at the 1.5 s read timeout, not at the 5 s gap").isLessThan(4_000);
    }

    @Test
    void adminApiNeedsTheAdminKeyAndPaginates() {
        var r = gw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.baseUrl() + "/admin/v1/keys"))
                .header("authorization", "Bearer " + gw.key()).GET().build());
        assertThat(r.statusCode()).isEqualTo(401);
        gw.createKey("{\"name\":\"page-a\"}");
        gw.createKey("{\"name\":\"page-b\"}");
        JsonNode first = json(gw.admin("GET", "/admin/v1/keys?limit=1", null).body());
        assertThat(first.path("data").size()).isEqualTo(1);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        JsonNode second = json(gw.admin("GET", "/admin/v1/keys?limit=1&after=" + first.path("next_after").asText(), null).body());
        assertThat(second.path("data").get(0).path("id").asText()).isGreaterThan(first.path("data").get(0).path("id").asText());
        assertThat(first.toString()).doesNotContain("key_hash").doesNotContain("\"key\":");
        assertThat(gw.admin("POST", "/admin/v1/keys", "{\"models\":\"not-a-list\"}").statusCode()).isEqualTo(400);
    }
}
