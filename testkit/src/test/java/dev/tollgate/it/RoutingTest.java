package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.simulator.Behaviour;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.simulator.Simulator;
import dev.tollgate.simulator.SimulatorOptions;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Routing, failover and circuit breaking against simulator deployments with injected faults, over real
 * sockets. What a client sees is checked through the response and the {@code x-tollgate-*} headers; what
 * the gateway did, through the simulator's recorded requests, the admin API's routing health and the
 * booked usage.
 */
class RoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            server: { port: 0, shutdown_grace_ms: 2000 }
            storage: { url: "${STORAGE}" }
            providers:
              - { name: sim-a, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
              - { name: sim-b, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
              - { name: sim-flaky, type: openai, base_url: "${SIM_FLAKY}", keys: ["${UPSTREAM_KEY}"] }
              - { name: chaos-1, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}", "${UPSTREAM_KEY}-2", "${UPSTREAM_KEY}-3"] }
              - { name: chaos-2, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}", "${UPSTREAM_KEY}-2", "${UPSTREAM_KEY}-3"] }
              - { name: chaos-3, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}", "${UPSTREAM_KEY}-2", "${UPSTREAM_KEY}-3"] }
            models:
              - name: limited
                strategy: priority
                deployments:
                  - { name: a, provider: sim-a, model: "gpt-4o-mini+status=429+retry_after=2", priority: 0 }
                  - { name: b, provider: sim-b, model: gpt-4o-mini, priority: 1 }
              - name: flaky
                strategy: weighted
                breaker: { failure_rate: 0.5, min_calls: 6, window_seconds: 60, consecutive_failures: 3, cooldown_ms: 1500 }
                deployments:
                  - { name: flaky, provider: sim-flaky, model: gpt-4o-mini }
                  - { name: steady, provider: sim-b, model: gpt-4o-mini }
              - name: resets-early
                strategy: priority
                deployments:
                  - { name: a, provider: sim-a, model: "gpt-4o-mini+reset_after=0", priority: 0 }
                  - { name: b, provider: sim-b, model: gpt-4o-mini, priority: 1 }
              - name: resets-late
                strategy: priority
                deployments:
                  - { name: a, provider: sim-a, model: "gpt-4o-mini+reset_after=3+chunks=10", priority: 0 }
                  - { name: b, provider: sim-b, model: gpt-4o-mini, priority: 1 }
              - name: weighted
                strategy: weighted
                deployments:
                  - { name: three, provider: sim-a, model: gpt-4o-mini, weight: 3 }
                  - { name: one, provider: sim-b, model: gpt-4o-mini, weight: 1 }
              - name: fastest
                strategy: least-latency
                deployments:
                  - { name: slow, provider: sim-a, model: "gpt-4o-mini+ttft_ms=60" }
                  - { name: quick, provider: sim-b, model: gpt-4o-mini }
              - name: chaos
                deployments:
                  - { name: c1, provider: chaos-1, model: "gpt-4o-mini+fail_rate=0.2+throttle_rate=0.1+reset_rate=0.05+seed=11+chunks=6" }
                  - { name: c2, provider: chaos-2, model: "gpt-4o-mini+fail_rate=0.2+throttle_rate=0.1+reset_rate=0.05+seed=22+chunks=6" }
                  - { name: c3, provider: chaos-3, model: "gpt-4o-mini+fail_rate=0.2+throttle_rate=0.1+reset_rate=0.05+seed=33+chunks=6" }
              - name: small-context
                context_window_fallbacks: [backup]
                deployments:
                  - { provider: sim-a, model: "gpt-4o-mini+status=400+error_message=This model's maximum context length is 8192 tokens" }
              - name: down
                fallbacks: [backup]
                retry: { max_attempts: 3, backoff_ms: 10 }
                deployments:
                  - { name: broken, provider: sim-a, model: "gpt-4o-mini+status=500", tags: [eu] }
              - name: backup
                deployments:
                  - { name: spare, provider: sim-b, model: gpt-4o }
              - name: hedged
                strategy: priority
                hedge: { enabled: true, after_ms: 100, max_percent: 100 }
                deployments:
                  - { name: stalled, provider: sim-a, model: "gpt-4o-mini+ttft_ms=3000", priority: 0 }
                  - { name: quick, provider: sim-b, model: gpt-4o-mini, priority: 1 }
              - name: regional
                strategy: weighted
                deployments:
                  - { name: eu-one, provider: sim-a, model: gpt-4o-mini, tags: [eu] }
                  - { name: us-one, provider: sim-b, model: gpt-4o-mini, tags: [us] }
              - name: stubborn
                retry: { max_attempts: 2, backoff_ms: 10 }
                deployments:
                  - { provider: sim-a, model: "gpt-4o-mini+status=500" }
            """;

    private static Simulator flakySim;
    private static GatewayHarness gw;

    @BeforeAll
    static void start() {
        flakySim = Simulator.start(SimulatorOptions.defaults().withBehaviour(
                Behaviour.defaults().with("fail_rate", "0.5").with("seed", "2026")));
        gw = GatewayHarness.start(CONFIG.replace("${SIM_FLAKY}", flakySim.baseUrl() + "/v1"), null,
                "sk-sim-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (flakySim != null) {
            flakySim.close();
        }
    }

    @Test
    void a429WithRetryAfterMovesTheCallToTheNextDeploymentAndTheFirstRestsUntilItPasses() {
        long firstCall = System.nanoTime();
        HttpResponse<String> first = gw.post("/v1/chat/completions", chat("limited", false));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(header(first, "x-tollgate-deployment")).isEqualTo("b");
        assertThat(header(first, "x-tollgate-attempts")).isEqualTo("2");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", chat("limited", false));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(header(r, "x-tollgate-attempts")).as("a rests, so b serves at once").isEqualTo("1");
        }
        assertThat(upstreamCalls("gpt-4o-mini+status=429+retry_after=2")).isEqualTo(1);

        // once Retry-After has passed, a (the preferred one) is tried again
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                header(gw.post("/v1/chat/completions", chat("limited", false)), "x-tollgate-attempts").equals("2"));
        assertThat(System.nanoTime() - firstCall).isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(upstreamCalls("gpt-4o-mini+status=429+retry_after=2")).isEqualTo(2);
    }

    @Test
    void aDeploymentFailingHalfItsCallsTripsItsBreakerTrafficMovesAndAProbeRestoresIt() {
        int calls = 0;
        while (!"open".equals(breaker("flaky", "flaky")) && calls < 300) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", chat("flaky", false));
            assertThat(r.statusCode()).as("failover hides the flaky deployment's failures").isEqualTo(200);
            calls++;
        }
        assertThat(breaker("flaky", "flaky")).isEqualTo("open");
        String metrics = gw.get("/metrics", null).body();
        assertThat(metrics).contains("tollgate_breaker_state{deployment=\"flaky\",model=\"flaky\"} 2.0");
        assertThat(metrics).containsPattern("tollgate_upstream_retries_total\\{model=\"flaky\"} [1-9]");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", chat("flaky", false));
            assertThat(header(r, "x-tollgate-deployment")).as("the open breaker keeps calls away").isEqualTo("steady");
            assertThat(header(r, "x-tollgate-attempts")).isEqualTo("1");
        }

        flakySim.setDefaults(flakySim.defaults().withBehaviour(Behaviour.defaults()));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            gw.post("/v1/chat/completions", chat("flaky", false));
            return "closed".equals(breaker("flaky", "flaky"));
        });
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            served.add(header(gw.post("/v1/chat/completions", chat("flaky", false)), "x-tollgate-deployment"));
        }
        assertThat(served).as("the restored deployment takes its share again").contains("flaky", "steady");
    }

    @Test
    void aStreamThatDiesBeforeItsFirstByteFailsOverSilentlyAndIsMetered() throws Exception {
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("resets-early", true));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "x-tollgate-deployment")).isEqualTo("b");
        assertThat(header(r, "x-tollgate-attempts")).isEqualTo("2");
        assertThat(r.body()).doesNotContain("\"error\"").endsWith("data: [DONE]\n\n");
        UsageEvent e = booked(header(r, "x-request-id"));
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.deployment()).isEqualTo("b");
        assertThat(e.usage().completionTokens()).isPositive();
        assertThat(e.usage().estimated()).isFalse();
    }

    @Test
    void aStreamThatDiesAfterItsFirstByteEndsWithAnErrorEventAndIsMetered() throws Exception {
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("resets-late", true));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "x-tollgate-attempts")).as("no second attempt once bytes reached the client").isEqualTo("1");
        List<String> events = dataEvents(r.body());
        assertThat(events.get(events.size() - 1)).contains("\"error\"");
        assertThat(r.body()).doesNotContain("[DONE]");
        UsageEvent e = booked(header(r, "x-request-id"));
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.errorType()).isNotNull();
        assertThat(e.usage().completionTokens()).as("the three chunks the client got").isPositive();
    }

    @Test
    void weightedRoutingFollowsTheWeightsOver2000Calls() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", chat("weighted", false));
            assertThat(r.statusCode()).isEqualTo(200);
            counts.merge(header(r, "x-tollgate-deployment"), 1, Integer::sum);
        }
        assertThat(counts.get("three") / 2000.0).isCloseTo(0.75, within(0.75 * 0.05));
        assertThat(counts.get("one") / 2000.0).isCloseTo(0.25, within(0.25 * 0.05 * 3)); // ±5% of the weight pair
    }

    @Test
    void leastLatencyRoutingPrefersTheFasterDeployment() {
        for (int i = 0; i < 6; i++) {
            gw.post("/v1/chat/completions", chat("fastest", true));
        }
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            served.add(header(gw.post("/v1/chat/completions", chat("fastest", true)), "x-tollgate-deployment"));
        }
        assertThat(served).containsOnly("quick");
    }

    @Test
    void retriesAreBoundedAndTheLastErrorIsTheOneTheClientGets() {
        long before = upstreamCalls("gpt-4o-mini+status=500");
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("stubborn", false));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r.body()).path("error").path("type").asText()).isEqualTo("upstream_error");
        assertThat(header(r, "x-tollgate-attempts")).isEqualTo("2");
        assertThat(upstreamCalls("gpt-4o-mini+status=500") - before).isEqualTo(2);
    }

    @Test
    void aPromptTooLongForTheModelGoesToItsContextWindowFallback() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("small-context", false));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "x-tollgate-fallback")).isEqualTo("backup");
        assertThat(header(r, "x-tollgate-deployment")).isEqualTo("spare");
        assertThat(header(r, "x-tollgate-attempts")).isEqualTo("2");
        assertThat(json(r.body()).path("model").asText()).startsWith("gpt-4o");
    }

    @Test
    void aGroupThatCannotServeHandsTheCallToItsFallback() {
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("down", false));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "x-tollgate-fallback")).isEqualTo("backup");
        assertThat(header(r, "x-tollgate-attempts")).isEqualTo("2");
    }

    @Test
    void tagsAndTimeLimitsFromTheClientAreHonouredOrRefusedClearly() {
        HttpResponse<String> untagged = gw.send(request("down", "x-tollgate-tags", "us"));
        assertThat(untagged.statusCode()).isEqualTo(400);
        assertThat(json(untagged.body()).path("error").path("message").asText()).contains("[us]");
        HttpResponse<String> tagged = gw.send(request("down", "x-tollgate-tags", "eu"));
        assertThat(tagged.statusCode()).as("the eu deployment fails and the fallback has none in eu").isEqualTo(502);
        assertThat(header(tagged, "x-tollgate-fallback")).isEmpty();
        HttpResponse<String> badLimit = gw.send(request("backup", "x-tollgate-timeout-ms", "soon"));
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(json(badLimit.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void aSlowFirstAttemptIsHedgedAndTheLoserIsCancelled() {
        long abandonedBefore = gw.simulator().abandonedResponses();
        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("hedged", true));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "x-tollgate-deployment")).isEqualTo("quick");
        assertThat(header(r, "x-tollgate-attempts")).isEqualTo("2");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.simulator().abandonedResponses() > abandonedBefore);
        UsageEvent e = booked(header(r, "x-request-id"));
        assertThat(e.deployment()).isEqualTo("quick");
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.usage().estimated()).isFalse();
    }

    @Test
    void aKeysRoutingTagsConfineItsCallsToMatchingDeployments() {
        String euKey = gw.createKey("{\"name\":\"eu only\",\"routing_tags\":[\"eu\"]}");
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = gw.send(request(euKey, "regional", null, null));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(header(r, "x-tollgate-deployment")).isEqualTo("eu-one");
        }
        HttpResponse<String> crossing = gw.send(request(euKey, "regional", "x-tollgate-tags", "us"));
        assertThat(crossing.statusCode()).as("a request cannot lift its key's constraint").isEqualTo(400);
        Map<String, Integer> unconstrained = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            unconstrained.merge(header(gw.post("/v1/chat/completions", chat("regional", false)),
                    "x-tollgate-deployment"), 1, Integer::sum);
        }
        assertThat(unconstrained).containsOnlyKeys("eu-one", "us-one");
    }

    @Test
    void underChaosEveryCallSucceedsOrGetsOneCleanErrorAndEveryCallIsBooked() throws Exception {
        int calls = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> outcomes = new ArrayList<>();
        Set<String> requestIds = Collections.synchronizedSet(new java.util.HashSet<>());
        for (int i = 0; i < calls; i++) {
            boolean stream = i % 2 == 0;
            outcomes.add(pool.submit(() -> {
                HttpResponse<String> r = gw.post("/v1/chat/completions", chat("chaos", stream));
                requestIds.add(header(r, "x-request-id"));
                return classify(r, stream);
            }));
        }
        Map<String, Integer> tally = new HashMap<>();
        for (Future<String> f : outcomes) {
            tally.merge(f.get(), 1, Integer::sum);
        }
        pool.shutdown();
        assertThat(tally.keySet()).as("outcomes %s", tally)
                .isSubsetOf("ok", "clean-error", "stream-error-event");
        // One attempt fails 35% of the time; three in a row about 4%, and 5% of streams break after their first
        // byte: about 93% should succeed.
        assertThat(tally.getOrDefault("ok", 0)).as("failover rescues most calls: %s", tally).isGreaterThan(calls * 85 / 100);
        assertThat(requestIds).hasSize(calls);
        await().atMost(Duration.ofSeconds(20)).until(() -> gw.gateway().storage().usage().recent(100_000).stream()
                .filter(e -> requestIds.contains(e.requestId())).count() == calls);
        System.out.println("chaos outcomes over " + calls + " calls: " + tally);
    }

    /** "ok", "clean-error" or "stream-error-event"; anything else fails the test. */
    private static String classify(HttpResponse<String> r, boolean stream) {
        if (r.statusCode() != 200) {
            JsonNode error = json(r.body()).path("error");
            assertThat(error.path("message").asText()).as("error body %s", r.body()).isNotEmpty();
            assertThat(error.path("type").asText()).isNotEmpty();
            return "clean-error";
        }
        if (!stream) {
            assertThat(json(r.body()).path("choices").path(0).path("message").path("content").asText()).isNotEmpty();
            return "ok";
        }
        List<String> events = dataEvents(r.body());
        for (String e : events) {
            if (!e.equals("[DONE]")) {
                json(e); // every event is whole JSON
            }
        }
        if (events.get(events.size() - 1).equals("[DONE]")) {
            assertThat(r.body()).doesNotContain("\"error\":");
            return "ok";
        }
        assertThat(events.get(events.size() - 1)).contains("\"error\"");
        return "stream-error-event";
    }

    private static String breaker(String model, String deployment) {
        HttpResponse<String> r = gw.admin("GET", "/admin/v1/routing/health", null);
        for (JsonNode d : json(r.body()).path("data")) {
            if (d.path("model").asText().equals(model) && d.path("deployment").asText().equals(deployment)) {
                return d.path("breaker").asText();
            }
        }
        return null;
    }

    private static long upstreamCalls(String upstreamModel) {
        return gw.simulator().recentRequests().stream().map(RecordedRequest::body)
                .filter(b -> json(b).path("model").asText().equals(upstreamModel)).count();
    }

    private static UsageEvent booked(String requestId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(5000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    private static List<String> dataEvents(String body) {
        return body.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).collect(Collectors.toList());
    }

    private static java.net.http.HttpRequest request(String model, String header, String value) {
        return request(gw.key(), model, header, value);
    }

    private static java.net.http.HttpRequest request(String key, String model, String header, String value) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gw.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json");
        if (header != null) {
            b.header(header, value);
        }
        return b.POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat(model, false))).build();
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Route me somewhere healthy\"}]}";
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
