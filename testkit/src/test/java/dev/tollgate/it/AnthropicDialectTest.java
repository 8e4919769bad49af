package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.tollgate.it.GatewayBehaviour.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients speaking Anthropic's Messages API at {@code /v1/messages}, over raw HTTP: translated to an
 * OpenAI-format upstream, passed through to an Anthropic-format one, errors in Anthropic's shape.
 */
class AnthropicDialectTest {

    private static GatewayHarness gw;

    @BeforeAll
    static void start() {
        String config = GatewayHarness.DEFAULT_CONFIG.replace("providers:\n", """
                providers:
                  - { name: claude-sim, type: anthropic, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
                """) + """
                  - name: claude
                    deployments: [{ provider: claude-sim, model: claude-haiku-4-5 }]
                """;
        gw = GatewayHarness.start(config, null, "sk-sim-anthropic-dialect-1");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static HttpResponse<String> messages(String path, String key, String body) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static UsageEvent booked(HttpResponse<String> r) {
        GatewayBehaviour.gw = gw;
        return GatewayBehaviour.booked(r.headers().firstValue("x-request-id").orElseThrow());
    }

    /** Event names of an SSE body, in order. */
    private static List<String> eventNames(String body) {
        List<String> names = new ArrayList<>();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("event:")) {
                names.add(line.substring(6).trim());
            }
        }
        return names;
    }

    @Test
    void anAnthropicClientReachesAnOpenAiModel() {
        HttpResponse<String> r = messages("/v1/messages", gw.key(), """
                {"model":"gpt-4o-mini","max_tokens":64,"system":"Be brief.",
                 "messages":[{"role":"user","content":"Say hello"}]}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode message = json(r.body());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("content").get(0).path("type").asText()).isEqualTo("text");
        assertThat(message.path("content").get(0).path("text").asText()).isNotBlank();
        assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");

        List<RecordedRequest> upstream = gw.simulator().recentRequests();
        RecordedRequest sent = upstream.get(upstream.size() - 1);
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(json(sent.body()).path("messages").get(0).path("role").asText()).isEqualTo("system");

        UsageEvent e = booked(r);
        assertThat(e.usage().completionTokens()).isEqualTo(message.path("usage").path("output_tokens").asLong());
        assertThat(e.usage().promptTokens()).isPositive();
        assertThat(e.endpoint()).as("what the client called, though the upstream was asked for chat")
                .isEqualTo(Endpoint.MESSAGES);
    }

    @Test
    void aStreamIsReEncodedAsAnthropicEvents() {
        HttpResponse<String> r = messages("/v1/messages", gw.key(), """
                {"model":"gpt-4o-mini","max_tokens":64,"stream":true,
                 "messages":[{"role":"user","content":"Say hello"}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> names = eventNames(r.body());
        assertThat(names.get(0)).isEqualTo("message_start");
        assertThat(names).contains("content_block_start", "content_block_delta", "content_block_stop", "message_delta");
        assertThat(names.get(names.size() - 1)).isEqualTo("message_stop");
        assertThat(booked(r).usage().estimated()).isFalse();
    }

    @Test
    void anthropicToAnthropicPassesTheBytesThroughAndStillMeters() {
        HttpResponse<String> r = messages("/v1/messages", gw.key(), """
                {"model":"claude","max_tokens":64,"stream":true,
                 "messages":[{"role":"user","content":"Say hello"}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        List<RecordedRequest> upstream = gw.simulator().recentRequests();
        RecordedRequest sent = upstream.get(upstream.size() - 1);
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(json(sent.body()).path("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(eventNames(r.body())).startsWith("message_start").endsWith("message_stop");
        UsageEvent e = booked(r);
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.usage().promptTokens()).isPositive();
        assertThat(e.usage().completionTokens()).isPositive();
        assertThat(e.endpoint()).isEqualTo(Endpoint.MESSAGES);
    }

    @Test
    void theAdminApiAndTheMetricsNameTheMessagesEndpoint() {
        HttpResponse<String> r = messages("/v1/messages", gw.key(), """
                {"model":"gpt-4o-mini","max_tokens":16,"messages":[{"role":"user","content":"Say hello"}]}""");
        assertThat(r.statusCode()).isEqualTo(200);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        booked(r);
        List<String> endpoints = new ArrayList<>();
        json(gw.admin("GET", "/admin/v1/usage?limit=1000", null).body()).path("data").forEach(u -> {
            if (u.path("request_id").asText().equals(requestId)) {
                endpoints.add(u.path("endpoint").asText());
            }
        });
        assertThat(endpoints).containsExactly("messages");
        assertThat(gw.gateway().scrapeMetrics()).contains("tollgate_requests_total{endpoint=\"messages\"");
    }

    @Test
    void errorsComeInAnthropicsShape() {
        HttpResponse<String> noKey = messages("/v1/messages", "tg-" + "x".repeat(43),
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":5,\"messages\":[]}");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey.body()).path("type").asText()).isEqualTo("error");
        assertThat(json(noKey.body()).path("error").path("type").asText()).isEqualTo("authentication_error");

        HttpResponse<String> unknown = messages("/v1/messages", gw.key(),
                "{\"model\":\"nope\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).path("error").path("type").asText()).isEqualTo("not_found_error");

        HttpResponse<String> missing = messages("/v1/messages", gw.key(),
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing.body()).path("error").path("message").asText()).contains("max_tokens");
    }

    @Test
    void countTokensCountsThePrompt() {
        HttpResponse<String> r = messages("/v1/messages/count_tokens", gw.key(), """
                {"model":"claude","system":"You are terse.","messages":[{"role":"user","content":"Hello there, how are you?"}]}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("input_tokens").asLong()).isBetween(5L, 40L);
    }
}
