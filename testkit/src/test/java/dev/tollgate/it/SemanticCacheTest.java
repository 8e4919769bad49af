package dev.tollgate.it;

import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.tollgate.it.ResponseCacheTest.booked;
import static dev.tollgate.it.ResponseCacheTest.cache;
import static dev.tollgate.it.ResponseCacheTest.call;
import static dev.tollgate.it.ResponseCacheTest.chat;
import static dev.tollgate.it.ResponseCacheTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The semantic cache over real sockets: the gateway embeds prompts by calling its own embedding group (the
 * simulator's bag-of-words vectors make texts sharing their words close), finds earlier similar requests of the
 * same tenant, group and parameters, and answers them from the exact cache's entry. Every prompt carries a fresh
 * nonce (five hex words), so tests do not meet each other's entries.
 */
class SemanticCacheTest {

    static final String CONFIG = """
            server: { port: 0, max_body_bytes: 65536, shutdown_grace_ms: 5000 }
            storage: { url: "${STORAGE}" }
            providers:
              - { name: sim, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"], read_timeout_ms: 15000 }
            models:
              - name: gpt-4o-mini
                deployments: [{ provider: sim, model: gpt-4o-mini }]
              - name: exact-only
                deployments: [{ provider: sim, model: gpt-4o-mini }]
              - name: text-embedding-3-small
                deployments: [{ provider: sim, model: text-embedding-3-small }]
              - name: slow-embedding
                deployments: [{ provider: sim, model: text-embedding-3-small+ttft_ms=3000 }]
            cache:
              enabled: true
              semantic: { embedding_model: %EMBED%, key: "%KEY%", threshold: 0.95, allow_tools: %TOOLS%, timeout_ms: %TIMEOUT% }
              models:
                gpt-4o-mini: { semantic: true }
                text-embedding-3-small: { enabled: false }
                slow-embedding: { enabled: false }
            """;

    static GatewayHarness gw;

    static String config(String key, boolean allowTools) {
        return CONFIG.replace("%KEY%", key).replace("%TOOLS%", Boolean.toString(allowTools))
                .replace("%EMBED%", "text-embedding-3-small").replace("%TIMEOUT%", "10000");
    }

    static String slowEmbeddingConfig(String key) {
        return CONFIG.replace("%KEY%", key).replace("%TOOLS%", "false")
                .replace("%EMBED%", "slow-embedding").replace("%TIMEOUT%", "200");
    }

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(config("unset", false), null, "sk-sim-" + UUID.randomUUID());
        gw.rewriteConfig(config(gw.key(), false));
        // the reload is seen when a paraphrase is answered by similarity
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            String n = nonce();
            ask(chat("gpt-4o-mini", "warm up " + n, ""));
            return "semantic-hit".equals(cache(ask(chat("gpt-4o-mini", "Warm up, " + n, ""))));
        });
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    static String nonce() {
        return UUID.randomUUID().toString();
    }

    static long calls(String path) {
        return gw.simulator().recentRequests().stream().map(RecordedRequest::path).filter(p -> p.endsWith(path)).count();
    }

    static HttpResponse<String> ask(String body) {
        return call(gw, gw.key(), body);
    }

    @Test
    void aParaphraseIsAnsweredFromTheCacheWithItsSimilarity() {
        String n = nonce();
        gw.simulator().clearRecorded();
        HttpResponse<String> first = ask(chat("gpt-4o-mini", "What is the capital of France? " + n, ""));
        HttpResponse<String> second = ask(chat("gpt-4o-mini", "what is the CAPITAL of france " + n, ""));
        assertThat(cache(first)).isEqualTo("miss");
        assertThat(cache(second)).isEqualTo("semantic-hit");
        assertThat(Double.parseDouble(second.headers().firstValue("x-tollgate-cache-similarity").orElseThrow()))
                .isGreaterThanOrEqualTo(0.95);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(calls("/chat/completions")).as("one upstream chat call").isEqualTo(1);
        assertThat(calls("/embeddings")).as("each request embedded once").isEqualTo(2);

        UsageEvent hit = booked(gw, second);
        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.costNanoUsd()).isZero();
        assertThat(hit.usage()).isEqualTo(booked(gw, first).usage());
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.gateway().scrapeMetrics()
                .contains("tollgate_cache_lookups_total{model=\"gpt-4o-mini\",result=\"semantic\"}"));
    }

    @Test
    void aStreamedParaphraseReplaysTheStoredStream() {
        String n = nonce();
        String stream = ",\"stream\":true";
        HttpResponse<String> first = ask(chat("gpt-4o-mini", "tell me a story " + n, stream));
        HttpResponse<String> second = ask(chat("gpt-4o-mini", "Tell me a story! " + n, stream));
        assertThat(cache(second)).isEqualTo("semantic-hit");
        assertThat(second.body()).isEqualTo(first.body()).contains("data: [DONE]");
    }

    @Test
    void anUnrelatedPromptIsAMiss() {
        ask(chat("gpt-4o-mini", "how do volcanoes form " + nonce(), ""));
        assertThat(cache(ask(chat("gpt-4o-mini", "recommend a pasta recipe " + nonce(), "")))).isEqualTo("miss");
    }

    @Test
    void aSimilarityBelowTheThresholdIsAMiss() {
        String n = nonce(); // 5 of 10 words shared by the nonce, 4 of the other 5 too: cosine about 0.9
        ask(chat("gpt-4o-mini", "alpha beta gamma delta epsilon " + n, ""));
        HttpResponse<String> near = ask(chat("gpt-4o-mini", "alpha beta gamma delta zeta " + n, ""));
        assertThat(cache(near)).isEqualTo("miss");
    }

    @Test
    void otherParametersOrGroupsNeverShareAnAnswer() {
        String n = nonce();
        ask(chat("gpt-4o-mini", "name three rivers " + n, ""));
        assertThat(cache(ask(chat("gpt-4o-mini", "Name three rivers. " + n, ",\"temperature\":0.2"))))
                .as("another temperature").isEqualTo("miss");
        assertThat(cache(ask(chat("exact-only", "Name three rivers. " + n, "")))).as("a group without semantic")
                .isEqualTo("miss");
    }

    @Test
    void anotherTenantsIdenticalPromptIsAMiss() {
        String org = id(gw.admin("POST", "/admin/v1/orgs", "{\"name\":\"sem-org-" + nonce() + "\"}").body());
        String team = id(gw.admin("POST", "/admin/v1/teams", "{\"org_id\":\"" + org + "\",\"name\":\"t\"}").body());
        String otherKey = gw.createKey("{\"team_id\":\"" + team + "\"}");
        String n = nonce();
        ask(chat("gpt-4o-mini", "summarise the meeting notes " + n, ""));
        assertThat(cache(call(gw, otherKey, chat("gpt-4o-mini", "summarise the meeting notes " + n, ""))))
                .isEqualTo("miss");
        assertThat(cache(call(gw, otherKey, chat("gpt-4o-mini", "Summarise the meeting notes! " + n, ""))))
                .as("its own earlier answer, by similarity").isEqualTo("semantic-hit");
    }

    @Test
    void aGroupWithoutSemanticNeverEmbeds() {
        String n = nonce();
        gw.simulator().clearRecorded();
        ask(chat("exact-only", "list the planets " + n, ""));
        assertThat(cache(ask(chat("exact-only", "List the planets. " + n, "")))).isEqualTo("miss");
        assertThat(calls("/embeddings")).isZero();
    }

    @Test
    void requestsWithToolsSkipTheSemanticCacheUnlessAllowed() {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"weather\",\"parameters\":{\"type\":\"object\"}}}]";
        String n = nonce();
        gw.simulator().clearRecorded();
        ask(chat("gpt-4o-mini", "weather in Paris " + n, tools));
        assertThat(cache(ask(chat("gpt-4o-mini", "Weather in Paris? " + n, tools)))).isEqualTo("miss");
        assertThat(calls("/embeddings")).as("not even embedded").isZero();

        gw.rewriteConfig(config(gw.key(), true));
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                String m = nonce();
                ask(chat("gpt-4o-mini", "weather in Rome " + m, tools));
                return "semantic-hit".equals(cache(ask(chat("gpt-4o-mini", "Weather in Rome? " + m, tools))));
            });
        } finally {
            gw.rewriteConfig(config(gw.key(), false));
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                String m = nonce();
                ask(chat("gpt-4o-mini", "weather in Oslo " + m, tools));
                return "miss".equals(cache(ask(chat("gpt-4o-mini", "Weather in Oslo? " + m, tools))));
            });
        }
    }

    @Test
    void anEmbeddingSlowerThanTheTimeoutIsAPlainMiss() {
        gw.rewriteConfig(slowEmbeddingConfig(gw.key()));
        try {
            // a call is made each round (the reload is seen when one times out); the metric shows it timed out
            await().atMost(Duration.ofSeconds(15)).until(() -> timedOutMissIsFast() && gw.gateway().scrapeMetrics()
                    .contains("tollgate_cache_errors_total{operation=\"semantic\"}"));
        } finally {
            gw.rewriteConfig(config(gw.key(), false));
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                String m = nonce();
                ask(chat("gpt-4o-mini", "back to normal " + m, ""));
                return "semantic-hit".equals(cache(ask(chat("gpt-4o-mini", "Back to normal. " + m, ""))));
            });
        }
    }

    /** A call whose embedding takes 3 s is answered from upstream well before that, as a miss. */
    private static boolean timedOutMissIsFast() {
        long start = System.nanoTime();
        HttpResponse<String> r = ask(chat("gpt-4o-mini", "slow embedding " + nonce(), ""));
        long ms = (System.nanoTime() - start) / 1_000_000;
        return r.statusCode() == 200 && "miss".equals(cache(r)) && ms < 2500;
    }
}
