package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exact response cache with the in-process store, over real sockets against the simulator: hits, tenant
 * isolation, what changes the key, stream replay, per-request controls, what is never stored, booking, size caps.
 * Each test asks something no other test asks (a fresh nonce in the prompt), so tests share one gateway safely.
 */
class ResponseCacheTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String CONFIG = """
            server: { port: 0, max_body_bytes: 65536, shutdown_grace_ms: 5000 }
            storage: { url: "${STORAGE}" }
            providers:
              - { name: sim, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"], read_timeout_ms: 15000 }
            models:
              - name: gpt-4o-mini
                aliases: [mini-alias]
                deployments: [{ provider: sim, model: gpt-4o-mini }]
              - name: uncached
                deployments: [{ provider: sim, model: gpt-4o-mini }]
              - name: chunky
                deployments: [{ provider: sim, model: gpt-4o-mini+chunks=6+gap_ms=15 }]
              - name: broken-500
                deployments: [{ provider: sim, model: gpt-4o-mini+status=500 }]
                retry: { max_attempts: 1 }
              - name: cut-short
                deployments: [{ provider: sim, model: gpt-4o-mini+reset_after=3+chunks=10 }]
                retry: { max_attempts: 1 }
              - name: big
                deployments: [{ provider: sim, model: gpt-4o-mini+chunks=300 }]
              - name: text-embedding-3-small
                deployments: [{ provider: sim, model: text-embedding-3-small }]
            cache:
              enabled: true
              ttl_seconds: 300
              max_entry_bytes: 16384
              models:
                uncached: { enabled: false }
            """;

    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(CONFIG, null, "sk-sim-" + UUID.randomUUID());
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

    static String chat(String model, String prompt, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]" + extra + "}";
    }

    static HttpResponse<String> call(GatewayHarness gw, String key, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return gw.send(b.build());
    }

    static HttpResponse<String> call(String body, String... headers) {
        return call(gw, gw.key(), body, headers);
    }

    static String cache(HttpResponse<String> r) {
        return r.headers().firstValue("x-tollgate-cache").orElse(null);
    }

    static long upstreamCalls(GatewayHarness gw) {
        return gw.simulator().stats().requests();
    }

    static UsageEvent booked(GatewayHarness gw, HttpResponse<?> r) {
        String id = r.headers().firstValue("x-request-id").orElseThrow();
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(id)).findFirst(), Optional::isPresent).orElseThrow();
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static String id(String json) {
        return json(json).path("id").asText();
    }

    @Test
    void theSecondIdenticalCallIsAnsweredFromTheCacheWithoutCallingUpstream() {
        String body = chat("gpt-4o-mini", "hit me " + nonce(), "");
        long before = upstreamCalls(gw);
        HttpResponse<String> first = call(body);
        HttpResponse<String> second = call(body);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(cache(first)).isEqualTo("miss");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(cache(second)).isEqualTo("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("content-type")).isEqualTo(first.headers().firstValue("content-type"));
        assertThat(second.headers().firstValue("x-request-id")).isNotEqualTo(first.headers().firstValue("x-request-id"));
        assertThat(upstreamCalls(gw) - before).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.gateway().scrapeMetrics()
                .contains("tollgate_cache_lookups_total{model=\"gpt-4o-mini\",result=\"hit\"}"));
        assertThat(gw.gateway().scrapeMetrics()).contains("tollgate_cache_stores_total{model=\"gpt-4o-mini\"}");
    }

    @Test
    void aHitIsBookedWithTheOriginalTokensAsACacheHitAtNoCost() {
        String body = chat("gpt-4o-mini", "book me " + nonce(), "");
        HttpResponse<String> first = call(body);
        HttpResponse<String> second = call(body);
        assertThat(cache(second)).isEqualTo("hit");
        UsageEvent original = booked(gw, first);
        UsageEvent hit = booked(gw, second);
        assertThat(original.cacheHit()).isFalse();
        assertThat(original.costNanoUsd()).isPositive();
        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.costNanoUsd()).isZero();
        assertThat(hit.chargeNanoUsd()).isZero();
        assertThat(hit.usage()).isEqualTo(original.usage());
        assertThat(hit.provider()).isNull();
        assertThat(hit.attempts()).isZero();
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void differentTenantsNeverShareAnEntryWhileOneUsersKeysDo() {
        String org = id(gw.admin("POST", "/admin/v1/orgs", "{\"name\":\"cache-org-" + nonce() + "\"}").body());
        String team = id(gw.admin("POST", "/admin/v1/teams", "{\"org_id\":\"" + org + "\",\"name\":\"t\"}").body());
        String ann = id(gw.admin("POST", "/admin/v1/users", "{\"team_id\":\"" + team + "\",\"email\":\"ann-" + nonce() + "@x.test\"}").body());
        String bob = id(gw.admin("POST", "/admin/v1/users", "{\"team_id\":\"" + team + "\",\"email\":\"bob-" + nonce() + "@x.test\"}").body());
        String annKey = gw.createKey("{\"user_id\":\"" + ann + "\"}");
        String annOtherKey = gw.createKey("{\"user_id\":\"" + ann + "\"}");
        String bobKey = gw.createKey("{\"user_id\":\"" + bob + "\"}");
        String teamKey = gw.createKey("{\"team_id\":\"" + team + "\"}");
        String body = chat("gpt-4o-mini", "tenants " + nonce(), "");

        long before = upstreamCalls(gw);
        assertThat(cache(call(gw, annKey, body))).isEqualTo("miss");
        assertThat(cache(call(gw, bobKey, body))).isEqualTo("miss");
        assertThat(cache(call(gw, teamKey, body))).isEqualTo("miss");
        assertThat(cache(call(gw, gw.key(), body))).isEqualTo("miss");
        assertThat(upstreamCalls(gw) - before).isEqualTo(4);

        assertThat(cache(call(gw, bobKey, body))).isEqualTo("hit");
        assertThat(cache(call(gw, annOtherKey, body))).as("the owner's scope: one user's keys share").isEqualTo("hit");
        assertThat(upstreamCalls(gw) - before).isEqualTo(4);
    }

    @Test
    void aParameterThatChangesTheOutputChangesTheKey() {
        String prompt = "params " + nonce();
        String base = chat("gpt-4o-mini", prompt, ",\"temperature\":0.2");
        assertThat(cache(call(base))).isEqualTo("miss");
        assertThat(cache(call(base))).isEqualTo("hit");
        String[] different = {
                chat("gpt-4o-mini", prompt, ",\"temperature\":0.3"),
                chat("gpt-4o-mini", prompt + "!", ",\"temperature\":0.2"),
                chat("gpt-4o-mini", prompt, ",\"temperature\":0.2,\"max_tokens\":7"),
                chat("gpt-4o-mini", prompt, ",\"temperature\":0.2,\"seed\":42"),
                chat("gpt-4o-mini", prompt, ",\"temperature\":0.2,\"response_format\":{\"type\":\"json_object\"}"),
                chat("gpt-4o-mini", prompt, ",\"temperature\":0.2,\"tools\":[{\"type\":\"function\",\"function\":"
                        + "{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]"),
                chat("mini-alias", prompt, ",\"temperature\":0.2"),
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                        + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}],\"temperature\":0.2}",
        };
        for (String body : different) {
            long before = upstreamCalls(gw);
            assertThat(cache(call(body))).as(body).isEqualTo("miss");
            assertThat(upstreamCalls(gw) - before).as(body).isEqualTo(1);
        }
        String[] same = {
                chat("gpt-4o-mini", prompt, ",\"temperature\":0.2,\"user\":\"someone-else\""),
                chat("gpt-4o-mini", prompt, ",\"temperature\":0.20,\"metadata\":{\"trace\":\"x\"},\"store\":false"),
                "{ \"temperature\" : 0.2 ,\n \"messages\":[{\"content\":\"" + prompt + "\",\"role\":\"user\"}], \"model\":\"gpt-4o-mini\"}",
        };
        for (String body : same) {
            long before = upstreamCalls(gw);
            assertThat(cache(call(body))).as(body).isEqualTo("hit");
            assertThat(upstreamCalls(gw) - before).as(body).isZero();
        }
    }

    @Test
    void aStreamIsReplayedByteForByteInTheSameChunks() {
        String prompt = "stream " + nonce();
        String body = chat("chunky", prompt, ",\"stream\":true");
        long before = upstreamCalls(gw);
        RawHttp.Answer original = RawHttp.post(gw.gateway().port(), "/v1/chat/completions", gw.key(), body, Map.of());
        RawHttp.Answer replay = RawHttp.post(gw.gateway().port(), "/v1/chat/completions", gw.key(), body, Map.of());
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.header("x-tollgate-cache")).isEqualTo("miss");
        assertThat(replay.header("x-tollgate-cache")).isEqualTo("hit");
        assertThat(upstreamCalls(gw) - before).isEqualTo(1);
        assertThat(original.chunks()).hasSizeGreaterThan(3);
        assertThat(replay.chunkTexts()).containsExactlyElementsOf(original.chunkTexts());
        assertThat(replay.body()).isEqualTo(original.body()).endsWith("data: [DONE]\n\n");
        assertThat(replay.header("content-type")).isEqualTo(original.header("content-type"));
        assertThat(SseText.dataLines(replay.body())).noneMatch(e -> e.contains("\"usage\":{"));

        // the buffered form of the same request is another entry
        HttpResponse<String> buffered = call(chat("chunky", prompt, ""));
        assertThat(cache(buffered)).isEqualTo("miss");
        assertThat(buffered.body()).startsWith("{");
    }

    @Test
    void anAnthropicClientsTranslatedStreamIsReplayedInItsOwnFormat() {
        String body = "{\"model\":\"chunky\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"anthropic " + nonce() + "\"}]}";
        Map<String, String> headers = Map.of("anthropic-version", "2023-06-01");
        long before = upstreamCalls(gw);
        RawHttp.Answer original = RawHttp.post(gw.gateway().port(), "/v1/messages", gw.key(), body, headers);
        RawHttp.Answer replay = RawHttp.post(gw.gateway().port(), "/v1/messages", gw.key(), body, headers);
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.body()).contains("event: message_start").contains("event: message_stop");
        assertThat(original.header("x-tollgate-cache")).isEqualTo("miss");
        assertThat(replay.header("x-tollgate-cache")).isEqualTo("hit");
        assertThat(replay.chunkTexts()).containsExactlyElementsOf(original.chunkTexts());
        assertThat(upstreamCalls(gw) - before).isEqualTo(1);
    }

    @Test
    void aStreamHitIsBookedAsAStreamAtNoCost() {
        String body = chat("chunky", "stream booking " + nonce(), ",\"stream\":true");
        HttpResponse<String> first = call(body);
        HttpResponse<String> second = call(body);
        assertThat(cache(second)).isEqualTo("hit");
        UsageEvent original = booked(gw, first);
        UsageEvent hit = booked(gw, second);
        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.stream()).isTrue();
        assertThat(hit.costNanoUsd()).isZero();
        assertThat(hit.usage()).isEqualTo(original.usage());
        assertThat(hit.usage().completionTokens()).isPositive();
    }

    @Test
    void noCacheSkipsTheLookupButStoresTheFreshAnswer() {
        String body = chat("gpt-4o-mini", "no-cache " + nonce(), "");
        HttpResponse<String> first = call(body);
        long before = upstreamCalls(gw);
        HttpResponse<String> refreshed = call(body, "cache-control", "no-cache");
        assertThat(cache(refreshed)).isEqualTo("skip");
        assertThat(upstreamCalls(gw) - before).isEqualTo(1);
        HttpResponse<String> after = call(body);
        assertThat(cache(after)).isEqualTo("hit");
        assertThat(after.body()).isEqualTo(refreshed.body());
        assertThat(first.statusCode()).isEqualTo(200);
    }

    @Test
    void noStoreNeitherReadsNorWrites() {
        String body = chat("gpt-4o-mini", "no-store " + nonce(), "");
        assertThat(cache(call(body, "cache-control", "no-store"))).isEqualTo("skip");
        assertThat(cache(call(body))).as("nothing was stored").isEqualTo("miss");
        long before = upstreamCalls(gw);
        assertThat(cache(call(body, "cache-control", "private, no-store"))).as("nor read").isEqualTo("skip");
        assertThat(upstreamCalls(gw) - before).isEqualTo(1);
    }

    @Test
    void aRequestedTtlBoundsTheEntrysLife() {
        String body = chat("gpt-4o-mini", "ttl " + nonce(), "");
        assertThat(cache(call(body, "x-tollgate-cache-ttl", "1"))).isEqualTo("miss");
        assertThat(cache(call(body))).isEqualTo("hit");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> "miss".equals(cache(call(body, "x-tollgate-cache-ttl", "0"))));

        String zero = chat("gpt-4o-mini", "ttl zero " + nonce(), "");
        assertThat(cache(call(zero, "x-tollgate-cache-ttl", "0"))).isEqualTo("miss");
        assertThat(cache(call(zero))).as("a TTL of 0 stores nothing").isEqualTo("miss");
        assertThat(cache(call(zero))).isEqualTo("hit");

        HttpResponse<String> bad = call(zero, "x-tollgate-cache-ttl", "soon");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).path("error").path("message").asText()).contains("x-tollgate-cache-ttl");
    }

    @Test
    void failedAndCutAnswersAreNeverStored() {
        String failing = chat("broken-500", "fail " + nonce(), "");
        long before = upstreamCalls(gw);
        HttpResponse<String> first = call(failing);
        HttpResponse<String> second = call(failing);
        assertThat(first.statusCode()).isGreaterThanOrEqualTo(500);
        assertThat(cache(second)).isEqualTo("miss");
        assertThat(upstreamCalls(gw) - before).isEqualTo(2);

        String cut = chat("cut-short", "cut " + nonce(), ",\"stream\":true");
        before = upstreamCalls(gw);
        HttpResponse<String> cutFirst = call(cut);
        assertThat(cutFirst.body()).contains("\"error\"");
        HttpResponse<String> cutSecond = call(cut);
        assertThat(cache(cutSecond)).isEqualTo("miss");
        assertThat(upstreamCalls(gw) - before).isEqualTo(2);
    }

    @Test
    void anAnswerOverTheEntryLimitIsRelayedButNotStored() {
        String body = chat("big", "big " + nonce(), ",\"stream\":true");
        HttpResponse<String> first = call(body);
        assertThat(first.body().length()).isGreaterThan(16384);
        assertThat(first.body()).endsWith("data: [DONE]\n\n");
        assertThat(cache(call(body))).isEqualTo("miss");
        assertThat(gw.gateway().scrapeMetrics()).containsPattern("tollgate_cache_too_large_total [1-9]");
    }

    @Test
    void aGroupThatDoesNotCacheIsUntouched() {
        String body = chat("uncached", "plain " + nonce(), "");
        long before = upstreamCalls(gw);
        HttpResponse<String> first = call(body);
        HttpResponse<String> second = call(body);
        assertThat(first.headers().firstValue("x-tollgate-cache")).isEmpty();
        assertThat(second.headers().firstValue("x-tollgate-cache")).isEmpty();
        assertThat(upstreamCalls(gw) - before).isEqualTo(2);
    }

    @Test
    void embeddingsAreCachedToo() {
        String body = "{\"model\":\"text-embedding-3-small\",\"input\":\"embed " + nonce() + "\",\"dimensions\":8}";
        HttpResponse<String> first = gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/embeddings"))
                .header("authorization", "Bearer " + gw.key()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> second = gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/embeddings"))
                .header("authorization", "Bearer " + gw.key()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(cache(first)).isEqualTo("miss");
        assertThat(cache(second)).isEqualTo("hit");
        assertThat(second.body()).isEqualTo(first.body());
        // the same body on another endpoint is another entry
        assertThat(cache(call(body))).isNotEqualTo("hit");
    }

    @Test
    void theByteBudgetEvictsEntries() {
        String config = CONFIG.replace("max_entry_bytes: 16384", "max_entry_bytes: 2048\n  max_bytes: 4096");
        try (GatewayHarness small = GatewayHarness.start(config, null, "sk-sim-" + UUID.randomUUID())) {
            for (int i = 0; i < 20; i++) {
                assertThat(cache(call(small, small.key(), chat("gpt-4o-mini", "evict " + i + " " + nonce(), ""))))
                        .isEqualTo("miss");
            }
            String metrics = small.gateway().scrapeMetrics();
            assertThat(metrics).containsPattern("tollgate_cache_evictions_total\\{cause=\"size\"} [1-9]");
            Matcher bytes = Pattern.compile("tollgate_cache_bytes ([0-9.E]+)").matcher(metrics);
            assertThat(bytes.find()).isTrue();
            assertThat(Double.parseDouble(bytes.group(1))).isPositive().isLessThanOrEqualTo(4096);
        }
    }
}
