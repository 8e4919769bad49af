package dev.tollgate.protect;

import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The capacity queue through the real gateway and simulator: bursts against a concurrency cap (capacity frees as
 * calls end) and an rpm cap with a scaled-down maximum wait (1.5 s instead of 30 s, so the test takes seconds).
 */
class CapacityQueueTest {

    private static final String CONFIG = """
            server: { port: 0, shutdown_grace_ms: 2000 }
            storage: { url: "${STORAGE}" }
            providers:
              - { name: sim, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
            models:
              - name: narrow
                deployments:
                  - { name: only, provider: sim, model: "gpt-4o-mini+ttft_ms=20", max_concurrent: 4 }
              - name: per-minute
                deployments:
                  - { name: only, provider: sim, model: gpt-4o-mini, rpm: 60 }
            queue:
              max_wait_ms: 30000
              max_depth: 1000
              fair_share: key
              models:
                per-minute: { max_wait_ms: 1500 }
            """;

    private static GatewayHarness gw;
    private static String keyA;
    private static String keyB;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(CONFIG, null, "sk-sim-queue");
        keyA = gw.createKey("{\"name\":\"tenant-a\"}");
        keyB = gw.createKey("{\"name\":\"tenant-b\"}");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void aBurstAgainstAConcurrencyCapIsServedInFullWithFairSharesBetweenTenants() {
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(chat(keyA, "narrow", "/v1/chat/completions").whenComplete((r, e) -> finished.add("a")));
        }
        // a's calls are queued before b's arrive: FIFO would serve all of a first
        await().atMost(Duration.ofSeconds(10)).until(() -> queueDepth("narrow") >= 150);
        int before = finished.size();
        for (int i = 0; i < 100; i++) {
            calls.add(chat(keyB, "narrow", "/v1/chat/completions").whenComplete((r, e) -> finished.add("b")));
        }
        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200);
        List<String> afterB = List.copyOf(finished).subList(before + 8, before + 108); // past any in flight already
        assertThat(afterB.stream().filter("b"::equals).count()).as("b's share while both waited").isBetween(35L, 65L);
        assertThat(metrics()).contains("tollgate_queue_wait_seconds_count{model=\"narrow\"}");
    }

    @Test
    void aBurstAgainstAnRpmCapFailsOnlyWhenTheWaitRunsOutWithRetryAfterInTheClientsDialect() {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        List<Long> started = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            started.add(System.nanoTime());
            calls.add(chat(i % 2 == 0 ? keyA : keyB, "per-minute", "/v1/chat/completions")
                    .thenApply(r -> r)); // keep order
        }
        List<Long> elapsedMs = new ArrayList<>();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            answers.add(calls.get(i).join());
            elapsedMs.add((System.nanoTime() - started.get(i)) / 1_000_000);
        }
        long ok = answers.stream().filter(r -> r.statusCode() == 200).count();
        // the router's cap check races between event loops (check, then count): it may let one more through
        assertThat(ok).isBetween(60L, 62L);
        for (int i = 0; i < answers.size(); i++) {
            HttpResponse<String> r = answers.get(i);
            if (r.statusCode() != 200) {
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(elapsedMs.get(i)).as("refused only once its wait ran out").isGreaterThanOrEqualTo(1_500);
                assertThat(r.headers().firstValue("retry-after")).isPresent();
                assertThat(r.body()).contains("\"type\":\"rate_limit_error\"").contains("at capacity");
            }
        }
        // the window is still full: an Anthropic caller waits too, then gets an Anthropic-format 429
        long t0 = System.nanoTime();
        HttpResponse<String> anthropic = send(keyA, "per-minute", "/v1/messages");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(1_500);
        assertThat(anthropic.statusCode()).isEqualTo(429);
        assertThat(anthropic.body()).startsWith("{\"type\":\"error\"").contains("rate_limit_error");
        assertThat(anthropic.headers().firstValue("retry-after")).isPresent();
        assertThat(metrics()).containsPattern("tollgate_queue_timeouts_total\\{model=\"per-minute\"} 2[34][0-9]\\.0");
    }

    private CompletableFuture<HttpResponse<String>> chat(String key, String model, String path) {
        return http.sendAsync(request(key, model, path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String key, String model, String path) {
        return chat(key, model, path).join();
    }

    private static HttpRequest request(String key, String model, String path) {
        String body = path.equals("/v1/messages")
                ? "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                : "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return HttpRequest.newBuilder(URI.create(gw.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + key).header("x-api-key", key)
                .header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String metrics() {
        return gw.get("/metrics", null).body();
    }

    private static double queueDepth(String model) {
        Matcher m = Pattern.compile("tollgate_queue_depth\\{model=\"" + Pattern.quote(model) + "\"} ([0-9.]+)")
                .matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
