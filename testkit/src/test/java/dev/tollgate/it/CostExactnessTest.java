package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Booked tokens and cost to the nano-USD, for each provider's usage shape, through the real gateway against the
 * simulator told what usage to report. Every expected figure is a literal worked out by hand in the comment above
 * it from the test prices below (USD per 1M tokens, so n tokens at $r/M cost n × r micro-USD = n × r × 1000
 * nano-USD); none is recomputed with production code.
 *
 * <p>Every call sends the single user message "Say hello": the simulator counts 2 words + 3 + 3 = 8 prompt tokens
 * in every format (docs/simulator.md, "Token accounting"); the {@code chunks} directive fixes the reply's words.
 */
class CostExactnessTest {

    private static final String HELLO = "[{\"role\":\"user\",\"content\":\"Say hello\"}]";

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
                  - { name: sim-b, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
                """) + """
                  - name: openai-exact
                    deployments: [{ name: oa, provider: sim, model: gpt-exact+chunks=10+cached_tokens=5+reasoning_tokens=4 }]
                  - name: claude-exact
                    deployments: [{ name: an, provider: claude-sim, model: claude-exact+chunks=7+cached_tokens=3+cache_write_tokens=2 }]
                  - name: gemini-exact
                    deployments: [{ name: ge, provider: gemini-sim, model: gemini-exact+chunks=6+cached_tokens=4 }]
                  - name: bedrock-exact
                    deployments: [{ name: br, provider: bedrock-sim, model: anthropic.claude-exact-v1:0+chunks=5+cached_tokens=2+cache_write_tokens=3 }]
                  - name: responses-exact
                    deployments: [{ name: rx, provider: sim, model: gpt-exact+chunks=10+cached_tokens=5+cache_write_tokens=2+reasoning_tokens=4 }]
                  - name: refused-upstream
                    deployments: [{ name: rf, provider: sim, model: gpt-exact+status=400 }]
                  - name: unmetered
                    deployments: [{ name: nu, provider: sim, model: gpt-exact+chunks=4+no_usage }]
                  - name: via-a
                    deployments: [{ provider: sim, model: gpt-scoped+chunks=2 }]
                  - name: via-b
                    deployments: [{ provider: sim-b, model: gpt-scoped+chunks=2 }]
                  - name: failing-over
                    deployments: [{ provider: sim, model: gpt-scoped+chunks=2+status=500 }]
                    fallbacks: [via-b]
                prices:
                  - { deployment: oa, input: 2.50, cached_input: 1.25, output: 10, reasoning: 12, per_request: 0.0001 }
                  - { deployment: an, input: 3, cached_input: 0.30, cache_write: 3.75, output: 15 }
                  - { deployment: ge, input: 0.30, cached_input: 0.075, output: 2.50, reasoning: 3.50 }
                  - { deployment: br, input: 0.80, cached_input: 0.08, cache_write: 1.00, output: 4 }
                  - { deployment: nu, input: 2, output: 8 }
                  - { deployment: rx, input: 2.50, cached_input: 1.25, cache_write: 3, output: 10, reasoning: 12 }
                  - { deployment: rf, input: 1, output: 1, per_request: 1 }
                  - { model: gpt-scoped+chunks=2, input: 1, output: 1 }
                  - { model: gpt-scoped+chunks=2, provider: sim-b, input: 7, output: 7 }
                  - { model: gpt-scoped+chunks=2, provider: sim-b, effective_from: "2999-01-01", input: 1000, output: 1000 }
                """;
        gw = GatewayHarness.start(config, null, "sk-sim-exactness-1");
        GatewayBehaviour.gw = gw;
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static UsageEvent booked(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        GatewayBehaviour.gw = gw;
        return GatewayBehaviour.booked(r.headers().firstValue("x-request-id").orElseThrow());
    }

    private static HttpResponse<String> chat(String model, boolean stream, String extra) {
        return gw.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":"
                + HELLO + extra + "}");
    }

    private static void assertUsage(UsageEvent e, long prompt, long completion, long cached, long cacheWrite,
                                    long reasoning) {
        TokenUsage u = e.usage();
        assertThat(new long[]{u.promptTokens(), u.completionTokens(), u.cachedTokens(), u.cacheWriteTokens(),
                u.reasoningTokens()}).as("prompt, completion, cached, cache write, reasoning")
                .containsExactly(prompt, completion, cached, cacheWrite, reasoning);
        assertThat(u.estimated()).isFalse();
    }

    // ---------------------------------------------------------------- OpenAI: cached and reasoning tokens

    /*
     * deployment oa: input $2.50, cached $1.25, output $10, reasoning $12 per 1M; $0.0001 per request.
     * usage: prompt 8 of which cached 5; completion 10 of which reasoning 4.
     *   3 plain input × 2.50 =   7.50 micro-USD
     *   5 cached      × 1.25 =   6.25
     *   6 output      × 10   =  60.00
     *   4 reasoning   × 12   =  48.00
     *                          121.75 micro-USD = 121,750 nano-USD
     *   per request $0.0001  = 100,000 nano-USD
     *   total                  221,750 nano-USD
     */
    @Test
    void openAiCachedAndReasoningTokens() {
        UsageEvent e = booked(chat("openai-exact", false, ""));
        assertUsage(e, 8, 10, 5, 0, 4);
        assertThat(e.costNanoUsd()).isEqualTo(221_750L);
    }

    @Test
    void openAiStreamedUsage() {
        UsageEvent e = booked(chat("openai-exact", true, ""));
        assertUsage(e, 8, 10, 5, 0, 4);
        assertThat(e.costNanoUsd()).isEqualTo(221_750L); // as above
    }

    // ---------------------------------------------------------------- OpenAI Responses: cache write too

    /*
     * deployment rx: input $2.50, cached $1.25, cache write $3, output $10, reasoning $12 per 1M.
     * usage: input_tokens 8 of which cached 5 and cache_write_tokens 2; output_tokens 10 of which reasoning 4.
     *   1 plain input × 2.50 =   2.50 micro-USD
     *   5 cached      × 1.25 =   6.25
     *   2 cache write × 3    =   6.00
     *   6 output      × 10   =  60.00
     *   4 reasoning   × 12   =  48.00
     *                          122.75 micro-USD = 122,750 nano-USD
     */
    @Test
    void openAiResponsesCachedCacheWriteAndReasoning() {
        for (boolean stream : new boolean[]{false, true}) {
            UsageEvent e = booked(gw.post("/v1/responses", "{\"model\":\"responses-exact\",\"stream\":" + stream
                    + ",\"input\":\"Say hello\"}"));
            assertUsage(e, 8, 10, 5, 2, 4);
            assertThat(e.costNanoUsd()).as("stream " + stream).isEqualTo(122_750L);
        }
    }

    /* deployment rf: $1 per request, but the upstream refused the call (400): no answer served, nothing to pay. */
    @Test
    void aRefusedCallPaysNoPerRequestFee() {
        HttpResponse<String> r = chat("refused-upstream", false, "");
        assertThat(r.statusCode()).isEqualTo(400);
        GatewayBehaviour.gw = gw;
        UsageEvent e = GatewayBehaviour.booked(r.headers().firstValue("x-request-id").orElseThrow());
        assertThat(e.usage().totalTokens()).isZero();
        assertThat(e.costNanoUsd()).isZero();
    }

    // ---------------------------------------------------------------- Anthropic: cache read and cache write

    /*
     * deployment an: input $3, cache read $0.30, cache write $3.75, output $15 per 1M.
     * usage: Anthropic reports input_tokens 3 (8 − 3 read − 2 written), cache_read 3, cache_creation 2, output 7;
     * booked as prompt 8 of which cached 3 and written 2; completion 7.
     *   3 plain input × 3    =   9.00 micro-USD
     *   3 cache read  × 0.30 =   0.90
     *   2 cache write × 3.75 =   7.50
     *   7 output      × 15   = 105.00
     *                          122.40 micro-USD = 122,400 nano-USD
     */
    @Test
    void anthropicCacheReadAndWriteTranslated() {
        UsageEvent e = booked(chat("claude-exact", false, ""));
        assertUsage(e, 8, 7, 3, 2, 0);
        assertThat(e.costNanoUsd()).isEqualTo(122_400L);
    }

    @Test
    void anthropicStreamedUsageTranslated() {
        UsageEvent e = booked(chat("claude-exact", true, ""));
        assertUsage(e, 8, 7, 3, 2, 0);
        assertThat(e.costNanoUsd()).isEqualTo(122_400L); // as above
    }

    @Test
    void anthropicMessagesPassedThrough() {
        for (boolean stream : new boolean[]{false, true}) {
            HttpResponse<String> r = gw.post("/v1/messages", "{\"model\":\"claude-exact\",\"max_tokens\":100,\"stream\":"
                    + stream + ",\"messages\":" + HELLO + "}");
            UsageEvent e = booked(r);
            assertUsage(e, 8, 7, 3, 2, 0);
            assertThat(e.costNanoUsd()).as("stream " + stream).isEqualTo(122_400L); // as above
        }
    }

    // ---------------------------------------------------------------- Gemini: cached content and thoughts

    /*
     * deployment ge: input $0.30, cached $0.075, output $2.50, reasoning (thoughts) $3.50 per 1M.
     * reasoning_effort "low" turns thinking on: 8 thought words, then the reply (chunks=6).
     * usage: promptTokenCount 8 of which cachedContentTokenCount 4; candidatesTokenCount 6, thoughtsTokenCount 8;
     * booked as prompt 8, cached 4, completion 14 (6 + 8) of which reasoning 8.
     *   4 plain input × 0.30  =  1.20 micro-USD
     *   4 cached      × 0.075 =  0.30
     *   6 output      × 2.50  = 15.00
     *   8 thoughts    × 3.50  = 28.00
     *                           44.50 micro-USD = 44,500 nano-USD
     */
    @Test
    void geminiCachedContentAndThoughts() {
        UsageEvent e = booked(chat("gemini-exact", false, ",\"reasoning_effort\":\"low\""));
        assertUsage(e, 8, 14, 4, 0, 8);
        assertThat(e.costNanoUsd()).isEqualTo(44_500L);
    }

    @Test
    void geminiStreamedUsage() {
        UsageEvent e = booked(chat("gemini-exact", true, ",\"reasoning_effort\":\"low\""));
        assertUsage(e, 8, 14, 4, 0, 8);
        assertThat(e.costNanoUsd()).isEqualTo(44_500L); // as above
    }

    // ---------------------------------------------------------------- Bedrock Converse: cache read and write

    /*
     * deployment br: input $0.80, cache read $0.08, cache write $1.00, output $4 per 1M.
     * usage: inputTokens 3 (8 − 2 − 3), cacheReadInputTokens 2, cacheWriteInputTokens 3, outputTokens 5;
     * booked as prompt 8 of which cached 2 and written 3; completion 5.
     *   3 plain input × 0.80 =  2.40 micro-USD
     *   2 cache read  × 0.08 =  0.16
     *   3 cache write × 1.00 =  3.00
     *   5 output      × 4    = 20.00
     *                          25.56 micro-USD = 25,560 nano-USD
     */
    @Test
    void bedrockConverseCacheReadAndWrite() {
        UsageEvent e = booked(chat("bedrock-exact", false, ""));
        assertUsage(e, 8, 5, 2, 3, 0);
        assertThat(e.costNanoUsd()).isEqualTo(25_560L);
    }

    @Test
    void bedrockStreamedUsage() {
        UsageEvent e = booked(chat("bedrock-exact", true, ""));
        assertUsage(e, 8, 5, 2, 3, 0);
        assertThat(e.costNanoUsd()).isEqualTo(25_560L); // as above
    }

    // ---------------------------------------------------------------- scope: what actually served the call

    /*
     * gpt-scoped+chunks=2 costs $1/M in and out everywhere, $7/M through provider sim-b ($1000/M from 2999 on, not
     * yet in force). Usage: prompt 8, completion 2 = 10 tokens.
     *   through sim:   10 × 1 = 10 micro-USD = 10,000 nano-USD
     *   through sim-b: 10 × 7 = 70 micro-USD = 70,000 nano-USD
     */
    @Test
    void pricedByTheProviderThatServedTheCall() {
        UsageEvent a = booked(chat("via-a", false, ""));
        assertThat(a.costNanoUsd()).isEqualTo(10_000L);
        UsageEvent b = booked(chat("via-b", false, ""));
        assertThat(b.costNanoUsd()).isEqualTo(70_000L);
        // the first group's only deployment fails; its fallback, on sim-b, serves and prices the call
        UsageEvent fallback = booked(chat("failing-over", false, ""));
        assertThat(fallback.provider()).isEqualTo("sim-b");
        assertThat(fallback.costNanoUsd()).isEqualTo(70_000L);
    }

    // ---------------------------------------------------------------- missing usage: the estimate path

    /*
     * deployment nu: input $2, output $8 per 1M; the upstream reports no usage, so the gateway counts with o200k_base
     * (TokenEstimator: 3 per message + its role + its content, + 3 to prime the reply).
     *   prompt: 3 + "user" (1) + "Say hello" (2: "Say", " hello") + 3 = 9 tokens
     *   reply (chunks=4, chosen by the prompt's hash): "streams latency capacity caches " = "streams", " latency",
     *   " capacity", " caches", " " = 5 tokens
     *   9 × 2 + 5 × 8 = 18 + 40 = 58 micro-USD = 58,000 nano-USD
     */
    @Test
    void missingUsageIsEstimatedAndPriced() {
        HttpResponse<String> r = chat("unmetered", false, "");
        UsageEvent e = booked(r);
        assertThat(GatewayBehaviour.json(r.body()).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("streams latency capacity caches ");
        assertThat(e.usage()).isEqualTo(new TokenUsage(9, 5, 0, 0, 0, true));
        assertThat(e.costNanoUsd()).isEqualTo(58_000L);
    }

    @Test
    void missingStreamedUsageIsEstimatedAndPriced() {
        UsageEvent e = booked(chat("unmetered", true, ""));
        assertThat(e.usage()).isEqualTo(new TokenUsage(9, 5, 0, 0, 0, true)); // the same words, streamed
        assertThat(e.costNanoUsd()).isEqualTo(58_000L); // as above
    }
}
