package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.tollgate.it.GatewayBehaviour.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenAI-dialect clients on models served by non-OpenAI upstreams (the simulator speaking Anthropic's
 * wire format): requests, answers, streams, usage and errors are translated both ways.
 */
class TranslatedProvidersTest {

    private static GatewayHarness gw;

    @BeforeAll
    static void start() {
        String config = GatewayHarness.DEFAULT_CONFIG.replace("providers:\n", """
                providers:
                  - { name: claude-sim, type: anthropic, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
                  - { name: gemini-sim, type: gemini, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
                  - name: bedrock-sim
                    type: bedrock
                    base_url: "${SIM_ROOT}"
                    keys: ["AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]
                    options: { region: us-east-1 }
                """) + """
                  - name: gemini
                    deployments: [{ provider: gemini-sim, model: gemini-2.5-flash }]
                  - name: bedrock-claude
                    deployments: [{ provider: bedrock-sim, model: anthropic.claude-3-5-haiku-20241022-v1:0 }]
                  - name: bedrock-tools
                    deployments: [{ provider: bedrock-sim, model: anthropic.claude-3-5-haiku-20241022-v1:0+tool_call=get_weather }]
                  - name: bedrock-broken
                    deployments: [{ provider: bedrock-sim, model: anthropic.claude-3-5-haiku-20241022-v1:0+malformed_at=2 }]
                  - name: claude-malformed
                    deployments: [{ provider: claude-sim, model: claude-haiku-4-5+malformed_at=2 }]
                  - name: claude-cut
                    deployments: [{ provider: claude-sim, model: claude-haiku-4-5+reset_after=2 }]
                  - name: gemini-tools
                    deployments: [{ provider: gemini-sim, model: gemini-2.5-flash+tool_call=get_weather }]
                  - name: gemini-limited
                    deployments: [{ provider: gemini-sim, model: gemini-2.5-flash+status=429+retry_after=4 }]
                  - name: claude
                    deployments: [{ provider: claude-sim, model: claude-haiku-4-5 }]
                  - name: claude-tools
                    deployments: [{ provider: claude-sim, model: claude-haiku-4-5+tool_call=get_weather }]
                  - name: claude-overloaded
                    deployments: [{ provider: claude-sim, model: claude-haiku-4-5+status=529 }]
                  - name: claude-cached
                    deployments: [{ provider: claude-sim, model: claude-haiku-4-5+cached_tokens=5+cache_write_tokens=3 }]
                """;
        gw = GatewayHarness.start(config, null, "sk-ant-sim-translation-1");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static RecordedRequest lastUpstream() {
        List<RecordedRequest> all = gw.simulator().recentRequests();
        return all.get(all.size() - 1);
    }

    private static UsageEvent booked(HttpResponse<String> r) {
        GatewayBehaviour.gw = gw;
        return GatewayBehaviour.booked(r.headers().firstValue("x-request-id").orElseThrow());
    }

    @Test
    void aChatCallIsTranslatedToAnthropicAndBack() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", """
                {"model":"claude","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"Say hello"}],"max_tokens":50}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");

        RecordedRequest upstream = lastUpstream();
        assertThat(upstream.path()).isEqualTo("/v1/messages");
        assertThat(upstream.headers().get("x-api-key")).isEqualTo(gw.upstreamKey());
        JsonNode sent = json(upstream.body());
        assertThat(sent.path("system").toString()).contains("Be brief.");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);

        UsageEvent e = booked(r);
        assertThat(e.usage().promptTokens()).isEqualTo(body.path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(e.usage().completionTokens()).isEqualTo(body.path("usage").path("completion_tokens").asLong());
        assertThat(e.costNanoUsd()).isPositive();
        assertThat(e.usage().estimated()).isFalse();
    }

    @Test
    void aTranslatedStreamArrivesAsOpenAiChunksAndIsMetered() {
        HttpResponse<String> r = gw.post("/v1/chat/completions",
                "{\"model\":\"claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = SseText.dataLines(r.body());
        assertThat(events).last().isEqualTo("[DONE]");
        assertThat(events).noneMatch(e -> e.contains("\"usage\":{"));
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> !e.equals("[DONE]")).map(GatewayBehaviour::json).forEach(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            chunk.path("choices").forEach(c -> text.append(c.path("delta").path("content").asText("")));
        });
        assertThat(text.toString()).isNotBlank();
        UsageEvent e = booked(r);
        assertThat(e.usage().estimated()).isFalse();
        assertThat(e.usage().completionTokens()).isPositive();
    }

    @Test
    void toolCallsComeBackInOpenAiShape() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", """
                {"model":"claude-tools","messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode choice = json(r.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(json(call.path("function").path("arguments").asText()).isObject()).isTrue();
        assertThat(json(lastUpstream().body()).path("tools").get(0).path("input_schema").path("type").asText())
                .isEqualTo("object");
    }

    @Test
    void cacheReadsAndWritesAreMeteredApart() {
        HttpResponse<String> r = gw.post("/v1/chat/completions",
                "{\"model\":\"claude-cached\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        UsageEvent e = booked(r);
        assertThat(e.usage().cachedTokens()).isEqualTo(5);
        assertThat(e.usage().cacheWriteTokens()).isEqualTo(3);
        assertThat(json(r.body()).path("usage").path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(5);
    }

    @Test
    void anthropicErrorsBecomeOpenAiErrors() {
        HttpResponse<String> r = gw.post("/v1/chat/completions",
                "{\"model\":\"claude-overloaded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r.body()).path("error").path("type").asText()).isEqualTo("upstream_error");
        assertThat(r.body()).doesNotContain(gw.upstreamKey());
    }

    @Test
    void aChatCallIsTranslatedToGeminiAndBack() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", """
                {"model":"gemini","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":"Say hello"}],"max_tokens":50}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        RecordedRequest upstream = lastUpstream();
        assertThat(upstream.path()).endsWith("/models/gemini-2.5-flash:generateContent");
        assertThat(upstream.headers().get("x-goog-api-key")).isEqualTo(gw.upstreamKey());
        assertThat(upstream.path()).doesNotContain(gw.upstreamKey());
        JsonNode sent = json(upstream.body());
        assertThat(sent.path("systemInstruction").toString()).contains("Be brief.");
        assertThat(sent.path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(50);
        UsageEvent e = booked(r);
        assertThat(e.usage().promptTokens()).isEqualTo(body.path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(e.usage().completionTokens()).isEqualTo(body.path("usage").path("completion_tokens").asLong());
    }

    @Test
    void aGeminiStreamArrivesAsOpenAiChunksAndToolsRoundTrip() {
        HttpResponse<String> r = gw.post("/v1/chat/completions",
                "{\"model\":\"gemini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(lastUpstream().path()).contains(":streamGenerateContent").contains("alt=sse");
        assertThat(SseText.dataLines(r.body())).last().isEqualTo("[DONE]");
        assertThat(booked(r).usage().estimated()).isFalse();

        HttpResponse<String> tools = gw.post("/v1/chat/completions", """
                {"model":"gemini-tools","messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""");
        assertThat(tools.statusCode()).as(tools.body()).isEqualTo(200);
        JsonNode call = json(tools.body()).path("choices").get(0).path("message").path("tool_calls").get(0);
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");

        HttpResponse<String> limited = gw.post("/v1/chat/completions",
                "{\"model\":\"gemini-limited\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).isPresent();
    }

    @Test
    void aMalformedOrBrokenTranslatedStreamEndsWithACleanErrorAndIsMetered() {
        for (String model : List.of("claude-malformed", "claude-cut")) {
            HttpResponse<String> r = gw.post("/v1/chat/completions",
                    "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
            assertThat(r.statusCode()).as(model).isEqualTo(200);
            List<String> events = SseText.dataLines(r.body());
            assertThat(events).as(model).doesNotContain("[DONE]");
            JsonNode last = json(events.get(events.size() - 1));
            assertThat(last.path("error").path("type").asText()).as(model).isEqualTo("upstream_error");
            assertThat(last.toString()).doesNotContain(gw.upstreamKey());
            UsageEvent e = booked(r);
            assertThat(e.errorType()).as(model).isEqualTo("upstream_error");
            assertThat(e.usage().promptTokens()).as(model).isPositive();
        }
    }

    @Test
    void bedrockCallsAreSignedAndItsBinaryStreamsTranslated() {
        HttpResponse<String> r = gw.post("/v1/chat/completions",
                "{\"model\":\"bedrock-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).path("choices").get(0).path("message").path("content").asText()).isNotBlank();
        RecordedRequest upstream = lastUpstream();
        assertThat(upstream.path()).endsWith("/converse");
        assertThat(upstream.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/")
                .doesNotContain("wJalrXUtnFEMI");
        UsageEvent e = booked(r);
        assertThat(e.usage().promptTokens()).isPositive();
        assertThat(e.usage().estimated()).isFalse();

        HttpResponse<String> stream = gw.post("/v1/chat/completions",
                "{\"model\":\"bedrock-claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(lastUpstream().path()).endsWith("/converse-stream");
        assertThat(SseText.dataLines(stream.body())).last().isEqualTo("[DONE]");
        assertThat(booked(stream).usage().estimated()).isFalse();

        HttpResponse<String> tools = gw.post("/v1/chat/completions", """
                {"model":"bedrock-tools","stream":true,"messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""");
        assertThat(tools.body()).contains("\"tool_calls\"").contains("get_weather");

        HttpResponse<String> broken = gw.post("/v1/chat/completions",
                "{\"model\":\"bedrock-broken\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        List<String> events = SseText.dataLines(broken.body());
        assertThat(json(events.get(events.size() - 1)).path("error").path("type").asText()).isEqualTo("upstream_error");
        assertThat(booked(broken).errorType()).isEqualTo("upstream_error");
    }

    @Test
    void aMalformedTranslatedAnswerIsACleanBadGatewayAndIsBooked() {
        HttpResponse<String> r = gw.post("/v1/chat/completions",
                "{\"model\":\"claude-malformed\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r.body()).path("error").path("type").asText()).isEqualTo("upstream_error");
        UsageEvent e = booked(r);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.errorType()).isEqualTo("upstream_error");
    }

    @Test
    void embeddingsOnAnAnthropicModelAreRefusedClearly() {
        HttpResponse<String> r = gw.post("/v1/embeddings", "{\"model\":\"claude\",\"input\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("error").path("message").asText()).contains("claude");
    }
}
