package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Guardrails through the real gateway and simulator: redaction that the upstream never sees and the caller
 * gets back, a stream stopped mid-way by an answer check with a clean error event, a webhook that never
 * answers under fail-open and fail-closed, attachment per team, and a moderation model called through the
 * gateway itself.
 */
class GuardrailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Spaces percent-encoded: the simulator's reply directive in a model name. */
    private static final String STOPPED_REPLY = "one two three four five six seven eight nine ten forbiddenword "
            + "eleven twelve thirteen fourteen fifteen";
    private static final String CONFIG = """
            server: { port: 0, shutdown_grace_ms: 2000 }
            storage: { url: "${STORAGE}" }
            providers:
              - { name: sim, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
            models:
              - { name: echo, deployments: [{ provider: sim, model: "gpt-4o-mini+echo" }] }
              - { name: stops, deployments: [{ provider: sim, model: "gpt-4o-mini+gap_ms=20+reply=%REPLY%" }] }
              - { name: open-hook, deployments: [{ provider: sim, model: gpt-4o-mini }] }
              - { name: closed-hook, deployments: [{ provider: sim, model: gpt-4o-mini }] }
              - { name: moderated, deployments: [{ provider: sim, model: gpt-4o-mini }] }
              - { name: guard-model, deployments: [{ provider: sim, model: "gpt-4o-mini+reply=unsafe%0AS1" }] }
              - { name: plain, deployments: [{ provider: sim, model: gpt-4o-mini }] }
              - { name: judged, deployments: [{ provider: sim, model: gpt-4o-mini }] }
            guardrails:
              definitions:
                - { name: pii, type: pii, hooks: [pre] }
                - { name: no-forbidden, type: deny_list, hooks: [post], every_chars: 20, settings: { words: [forbiddenword] } }
                - { name: slow-open, type: webhook, timeout_ms: 300, on_error: fail_open, settings: { url: "%HOOK%", secret: s3cret } }
                - { name: slow-closed, type: webhook, timeout_ms: 300, on_error: fail_closed, settings: { url: "%HOOK%" } }
                - { name: team-words, type: deny_list, settings: { words: [banana] } }
                - { name: judge, type: webhook, timeout_ms: 2000, settings: { url: "%JUDGE%", secret: judge-secret } }
                - { name: moderation, type: moderation, timeout_ms: 5000, settings: { model: guard-model, key: "%MODKEY%" } }
              attach:
                - { model: echo, guardrails: [pii] }
                - { model: stops, guardrails: [no-forbidden] }
                - { model: open-hook, guardrails: [slow-open] }
                - { model: closed-hook, guardrails: [slow-closed] }
                - { model: moderated, guardrails: [moderation] }
                - { team: "%TEAM%", guardrails: [team-words] }
                - { model: judged, guardrails: [judge] }
            """;

    private static GatewayHarness gateway;
    private static HttpServer hook;
    private static final CountDownLatch release = new CountDownLatch(1);
    private static String teamKey;
    private static final AtomicInteger judged = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.setExecutor(Executors.newCachedThreadPool());
        hook.createContext("/", exchange -> { // never answers in time
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hook.createContext("/judge", exchange -> { // a policy service that checks the signature
            byte[] body = exchange.getRequestBody().readAllBytes();
            judged.incrementAndGet();
            String timestamp = exchange.getRequestHeaders().getFirst("x-tollgate-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("x-tollgate-signature");
            String verdict;
            if (!("v1=" + hmac("judge-secret", timestamp + "." + new String(body, StandardCharsets.UTF_8))).equals(signature)) {
                verdict = "{\"decision\":\"block\",\"reason\":\"bad signature\"}";
            } else if (new String(body, StandardCharsets.UTF_8).contains("blockme")) {
                verdict = "{\"decision\":\"block\",\"reason\":\"the judge said no\"}";
            } else {
                verdict = "{\"decision\":\"allow\"}";
            }
            byte[] out = verdict.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        hook.start();
        String bare = config("team_none", "unset");
        gateway = GatewayHarness.start(bare, null, "sk-sim-guard");
        String org = id(gateway.admin("POST", "/admin/v1/orgs", "{\"name\":\"G\"}"));
        String team = id(gateway.admin("POST", "/admin/v1/teams", "{\"org_id\":\"" + org + "\",\"name\":\"fruit\"}"));
        teamKey = gateway.createKey("{\"name\":\"team\",\"team_id\":\"" + team + "\"}");
        gateway.rewriteConfig(config(team, gateway.key()));
        await().atMost(Duration.ofSeconds(10)).until(() -> chat(teamKey, "plain", "a banana please").statusCode() == 400);
    }

    @AfterAll
    static void stop() {
        release.countDown();
        if (gateway != null) {
            gateway.close();
        }
        hook.stop(0);
    }

    private static String config(String team, String moderationKey) {
        return CONFIG.replace("%REPLY%", STOPPED_REPLY.replace(" ", "%20"))
                .replace("%HOOK%", "http://127.0.0.1:" + hook.getAddress().getPort() + "/verdict")
                .replace("%JUDGE%", "http://127.0.0.1:" + hook.getAddress().getPort() + "/judge")
                .replace("%TEAM%", team).replace("%MODKEY%", moderationKey);
    }

    @Test
    void redactedValuesNeverReachTheUpstreamAndComeBackInTheAnswer() throws IOException {
        HttpResponse<String> r = chat(gateway.key(), "echo", "Mail bob@example.com or call +44 20 7946 0958");
        assertThat(r.statusCode()).isEqualTo(200);
        String content = JSON.readTree(r.body()).at("/choices/0/message/content").asText();
        assertThat(content).contains("bob@example.com").contains("+44 20 7946 0958").doesNotContain("[EMAIL_1]");
        RecordedRequest upstream = lastUpstream();
        assertThat(upstream.body()).contains("[EMAIL_1]").contains("[PHONE_1]").doesNotContain("bob@example.com");
    }

    @Test
    void redactedValuesComeBackInAStream() {
        HttpResponse<String> r = chatStream(gateway.key(), "echo", "Write to ann@example.org today");
        assertThat(r.statusCode()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        for (String data : SseText.dataLines(r.body())) {
            if (!data.equals("[DONE]")) {
                text.append(read(data).at("/choices/0/delta/content").asText(""));
            }
        }
        assertThat(text.toString()).isEqualTo("Write to ann@example.org today ");
        assertThat(lastUpstream().body()).contains("[EMAIL_1]").doesNotContain("ann@example.org");
    }

    @Test
    void anAnswerCheckStopsTheStreamMidWayWithACleanErrorEvent() {
        HttpResponse<String> r = chatStream(gateway.key(), "stops", "go");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> data = SseText.dataLines(r.body());
        StringBuilder text = new StringBuilder();
        JsonNode error = null;
        for (String d : data) {
            JsonNode event = read(d.equals("[DONE]") ? "{}" : d);
            assertThat(d).as("no [DONE] after a stop").isNotEqualTo("[DONE]");
            if (event.has("error")) {
                error = event.get("error");
            } else {
                text.append(event.at("/choices/0/delta/content").asText(""));
            }
        }
        // checked every 20 chars: the denied word may go out, but the stream stops at the next checkpoint
        assertThat(text.toString()).startsWith("one two").doesNotContain("thirteen").doesNotContain("fifteen");
        assertThat(error).isNotNull();
        assertThat(error.path("code").asText()).isEqualTo("guardrail_blocked");
        assertThat(error.path("message").asText()).contains("no-forbidden");
        assertThat(data.get(data.size() - 1)).as("the error is the last event").contains("\"error\"");
    }

    @Test
    void theOpenAiSdkReadsTheStopAsAnError() {
        com.openai.client.OpenAIClient client = com.openai.client.okhttp.OpenAIOkHttpClient.builder()
                .baseUrl(gateway.openAiBaseUrl()).apiKey(gateway.key()).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
        List<String> seen = new java.util.ArrayList<>();
        var params = com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
                .model("stops").addUserMessage("go").build();
        try (var stream = client.chat().completions().createStreaming(params)) {
            assertThatThrownBy(() -> stream.stream().forEach(c -> c.choices().forEach(
                    choice -> choice.delta().content().ifPresent(seen::add))))
                    .isInstanceOf(com.openai.errors.OpenAIException.class)
                    .hasMessageContaining("no-forbidden");
        }
        assertThat(String.join("", seen)).startsWith("one two").doesNotContain("thirteen");
    }

    @Test
    void anAnthropicClientsStoppedStreamEndsWithAnAnthropicErrorEvent() {
        HttpResponse<String> r = gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/messages"))
                .header("x-api-key", gateway.key()).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"stops\",\"max_tokens\":100,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        List<SseText.Event> events = SseText.events(r.body());
        assertThat(events).extracting(SseText.Event::name).contains("content_block_delta").doesNotContain("message_stop");
        SseText.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        JsonNode error = read(last.data());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.at("/error/message").asText()).contains("no-forbidden");
    }

    @Test
    void aWebhookThatNeverAnswersIsPassedOverWhenFailOpen() {
        long start = System.nanoTime();
        HttpResponse<String> r = chat(gateway.key(), "open-hook", "hello");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aWebhookThatNeverAnswersRefusesTheCallWhenFailClosed() throws IOException {
        HttpResponse<String> r = chat(gateway.key(), "closed-hook", "hello");
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("guardrail_unavailable");
        assertThat(error.path("message").asText()).contains("slow-closed").contains("timed out after 300 ms");
    }

    @Test
    void aTeamsGuardrailAppliesToItsKeysOnly() throws IOException {
        HttpResponse<String> team = chat(teamKey, "plain", "one banana");
        assertThat(team.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(team.body()).at("/error/code").asText()).isEqualTo("guardrail_blocked");
        assertThat(chat(gateway.key(), "plain", "one banana").statusCode()).as("another team's key").isEqualTo(200);
    }

    @Test
    void theModerationModelIsAskedThroughTheGatewayAndItsVerdictBlocks() throws IOException {
        HttpResponse<String> r = chat(gateway.key(), "moderated", "something dubious");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("moderation").contains("S1");
    }

    @Test
    void verdictsAreMetered() {
        chat(gateway.key(), "echo", "ping a@b.io");
        String metrics = gateway.get("/metrics", null).body();
        assertThat(metrics).contains("tollgate_guardrail_verdicts_total{decision=\"mutate\",guardrail=\"pii\",hook=\"pre\"}")
                .contains("tollgate_guardrail_duration_seconds_count{guardrail=\"pii\",hook=\"pre\"}");
    }

    @Test
    void aSignedWebhookDecidesAndItsVerdictsAreCached() throws IOException {
        int before = judged.get();
        assertThat(chat(gateway.key(), "judged", "a harmless question").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = chat(gateway.key(), "judged", "please blockme now");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).at("/error/message").asText())
                .isEqualTo("Blocked by the guardrail 'judge': the judge said no");
        assertThat(judged.get() - before).isEqualTo(2);
        assertThat(chat(gateway.key(), "judged", "a harmless question").statusCode()).isEqualTo(200);
        assertThat(judged.get() - before).as("the same texts again: the cached verdict").isEqualTo(2);
    }

    @Test
    void anAnthropicClientGetsItsRedactedValuesBackInAStream() {
        HttpResponse<String> r = gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/messages"))
                .header("x-api-key", gateway.key()).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"max_tokens\":100,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"card 4111-1111-1111-1111 ok\"}]}")).build());
        assertThat(r.statusCode()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        for (SseText.Event e : SseText.events(r.body())) {
            if (e.name().equals("content_block_delta")) {
                text.append(read(e.data()).at("/delta/text").asText(""));
            }
        }
        assertThat(text.toString()).isEqualTo("card 4111-1111-1111-1111 ok ");
        assertThat(lastUpstream().body()).contains("[CARD_1]").doesNotContain("4111");
    }

    private static String hmac(String secret, String message) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRefusedAnswerIsNotSentButStillBooked() throws IOException {
        HttpResponse<String> r = chat(gateway.key(), "stops", "go");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("one two");
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("guardrail_blocked");
        UsageEvent e = booked(r.headers().firstValue("x-request-id").orElseThrow());
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.usage().completionTokens()).as("the upstream generated the answer").isEqualTo(16);
    }

    @Test
    void aStoppedStreamIsBookedWithTheTokensGeneratedSoFar() {
        HttpResponse<String> r = chatStream(gateway.key(), "stops", "go");
        UsageEvent e = booked(r.headers().firstValue("x-request-id").orElseThrow());
        assertThat(e.usage().estimated()).isTrue();
        assertThat(e.usage().completionTokens()).isBetween(1L, 15L);
    }

    private static UsageEvent booked(String requestId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> gateway.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    private static RecordedRequest lastUpstream() {
        List<RecordedRequest> all = gateway.simulator().recentRequests();
        return all.get(all.size() - 1);
    }

    private static HttpResponse<String> chat(String key, String model, String text) {
        return send(key, "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
    }

    private static HttpResponse<String> chatStream(String key, String model, String text) {
        return send(key, "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}");
    }

    private static HttpResponse<String> send(String key, String body) {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    private static String id(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return read(created.body()).path("id").asText();
    }
}
