package dev.tollgate.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tollgate.server.ledger.WebhookAlerts;
import dev.tollgate.simulator.RecordedRequest;
import dev.tollgate.testkit.GatewayHarness;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.tollgate.observe.OtlpReceiver.attribute;
import static dev.tollgate.observe.OtlpReceiver.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing, the metrics added for observability and the usage-event export sinks, against a real gateway and the
 * provider simulator: spans go to an OTLP receiver in the test, export batches to a local webhook, an NDJSON file
 * and the same receiver's {@code /v1/logs}.
 */
class ObservabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec-observability-test";

    private static OtlpReceiver otlp;
    private static HttpServer webhook;
    private static final List<Map.Entry<Map<String, List<String>>, String>> deliveries = new CopyOnWriteArrayList<>();
    private static Path exportFile;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() throws IOException {
        otlp = new OtlpReceiver();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/usage", exchange -> {
            deliveries.add(Map.entry(Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        exportFile = Files.createTempDirectory("tollgate-export").resolve("usage.ndjson");
        String config = GatewayHarness.DEFAULT_CONFIG + """
                  - name: down-then-up
                    strategy: priority
                    deployments:
                      - { name: broken, provider: sim, model: "gpt-4o-mini+status=500", priority: 0 }
                      - { name: healthy, provider: sim, model: gpt-4o-mini, priority: 1 }
                  - name: falls-back
                    fallbacks: [gpt-4o-mini]
                    deployments: [{ provider: sim, model: "gpt-4o-mini+status=500" }]
                cache:
                  models:
                    text-embedding-3-small: { ttl_seconds: 60 }
                tracing:
                  enabled: true
                  otlp_endpoint: "%s"
                  sample_ratio: 1.0
                  export_delay_ms: 50
                  headers: { x-collector-key: collector-secret }
                export:
                  - { type: webhook, name: hook, url: "%s", secret: "%s", batch: 50, flush_ms: 100 }
                  - { type: file, name: ndjson, path: "%s", max_bytes: 4096, max_files: 2, flush_ms: 100 }
                  - { type: otlp, name: collector, url: "%s", flush_ms: 100 }
                """.formatted(otlp.url(), "http://127.0.0.1:" + webhook.getAddress().getPort() + "/usage", SECRET,
                exportFile, otlp.url());
        gateway = GatewayHarness.start(config, null, "sk-sim-observability");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        webhook.stop(0);
        otlp.close();
    }

    private static HttpResponse<String> call(String body, String traceparent) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + gateway.key()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return gateway.send(request.build());
    }

    @Test
    void aStreamedCallIsOneServerSpanWithAClientSpanAndGenAiAttributes() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentId = "00f067aa0ba902b7";
        HttpResponse<String> r = call("""
                {"model":"gpt-4o-mini","stream":true,"max_tokens":50,"messages":[{"role":"user","content":"hi"}]}""",
                "00-" + traceId + "-" + parentId + "-01");
        assertThat(r.statusCode()).isEqualTo(200);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();

        await().atMost(Duration.ofSeconds(10)).until(() -> otlp.trace(requestId).size() >= 2);
        List<Span> trace = otlp.trace(requestId);
        Span server = only(trace, Span.SpanKind.SPAN_KIND_SERVER);
        Span client = only(trace, Span.SpanKind.SPAN_KIND_CLIENT);

        assertThat(hex(server.getTraceId().toByteArray())).as("the client's trace continues").isEqualTo(traceId);
        assertThat(hex(server.getParentSpanId().toByteArray())).isEqualTo(parentId);
        assertThat(server.getName()).isEqualTo("chat gpt-4o-mini");
        var s = server.getAttributesList();
        assertThat(attribute(s, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(attribute(s, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
        assertThat(attribute(s, "gen_ai.response.model")).isEqualTo("gpt-4o-mini");
        assertThat(attribute(s, "gen_ai.request.max_tokens")).isEqualTo("50");
        assertThat(attribute(s, "gen_ai.provider.name")).isEqualTo("openai");
        assertThat(attribute(s, "gen_ai.system")).isEqualTo("openai");
        assertThat(Long.parseLong(attribute(s, "gen_ai.usage.input_tokens"))).isPositive();
        assertThat(Long.parseLong(attribute(s, "gen_ai.usage.output_tokens"))).isPositive();
        assertThat(attribute(s, "tollgate.stream")).isEqualTo("true");
        assertThat(attribute(s, "tollgate.attempts")).isEqualTo("1");
        assertThat(attribute(s, "tollgate.cache_hit")).isEqualTo("false");
        assertThat(Long.parseLong(attribute(s, "tollgate.cost_nano_usd"))).isPositive();
        assertThat(attribute(s, "http.response.status_code")).isEqualTo("200");
        assertThat(attribute(s, "error.type")).isNull();

        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        var c = client.getAttributesList();
        assertThat(attribute(c, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(attribute(c, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
        assertThat(attribute(c, "server.address")).isEqualTo("127.0.0.1");
        assertThat(attribute(c, "server.port")).isEqualTo(Integer.toString(gateway.simulator().port()));
        assertThat(attribute(c, "tollgate.attempt")).isEqualTo("1");
        assertThat(attribute(c, "http.response.status_code")).isEqualTo("200");

        // W3C trace context went upstream: the simulator got the attempt's span as parent
        RecordedRequest upstream = gateway.simulator().recentRequests().stream()
                .filter(q -> q.header("traceparent") != null && q.header("traceparent").contains(traceId))
                .findFirst().orElseThrow();
        assertThat(upstream.header("traceparent"))
                .isEqualTo("00-" + traceId + "-" + hex(client.getSpanId().toByteArray()) + "-01");
        assertThat(otlp.exportHeaders).allSatisfy(h -> assertThat(h.get("X-collector-key")).containsExactly("collector-secret"));
    }

    @Test
    void aFailedOverCallHasOneClientSpanPerAttemptAndTheFailedOneCarriesItsError() {
        HttpResponse<String> r = call("""
                {"model":"down-then-up","messages":[{"role":"user","content":"hi"}]}""", null);
        assertThat(r.statusCode()).isEqualTo(200);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();

        await().atMost(Duration.ofSeconds(10)).until(() -> otlp.trace(requestId).size() >= 3);
        List<Span> trace = otlp.trace(requestId);
        Span server = only(trace, Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(server.getParentSpanId().isEmpty()).as("no traceparent: a new trace").isTrue();
        assertThat(server.getName()).isEqualTo("chat down-then-up");
        assertThat(attribute(server.getAttributesList(), "tollgate.attempts")).isEqualTo("2");
        assertThat(attribute(server.getAttributesList(), "tollgate.deployment")).isEqualTo("healthy");
        assertThat(server.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);

        List<Span> attempts = trace.stream().filter(x -> x.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .sorted((a, b) -> attribute(a.getAttributesList(), "tollgate.attempt")
                        .compareTo(attribute(b.getAttributesList(), "tollgate.attempt"))).toList();
        assertThat(attempts).hasSize(2);
        var first = attempts.get(0).getAttributesList();
        assertThat(attribute(first, "tollgate.deployment")).isEqualTo("broken");
        assertThat(attribute(first, "http.response.status_code")).isEqualTo("500");
        assertThat(attribute(first, "error.type")).isNotNull();
        assertThat(attempts.get(0).getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        var second = attempts.get(1).getAttributesList();
        assertThat(attribute(second, "tollgate.deployment")).isEqualTo("healthy");
        assertThat(attribute(second, "tollgate.attempt")).isEqualTo("2");
        assertThat(attribute(second, "error.type")).isNull();
        assertThat(attempts).allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(server.getSpanId()));
    }

    @Test
    void aRefusedCallEndsItsSpanWithTheErrorType() {
        HttpResponse<String> r = call("""
                {"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""", null);
        assertThat(r.statusCode()).isEqualTo(404);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> !otlp.trace(requestId).isEmpty());
        Span server = only(otlp.trace(requestId), Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(attribute(server.getAttributesList(), "error.type")).isNotNull();
        assertThat(attribute(server.getAttributesList(), "http.response.status_code")).isEqualTo("404");
        assertThat(server.getStatus().getCode()).as("a client's mistake is not the gateway's error")
                .isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    }

    @Test
    void streamsFeedTheInterChunkGapAndTeamTokenMetrics() {
        HttpResponse<String> r = call("""
                {"model":"slow-stream","stream":true,"messages":[{"role":"user","content":"hi"}]}""", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(gateway.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"priced\"}]}").statusCode())
                .isEqualTo(200);
        String metrics = gateway.get("/metrics", null).body();
        assertThat(metrics).containsPattern("tollgate_stream_chunk_gap_seconds_count\\{model=\"slow-stream\"} [1-9]");
        assertThat(metrics).containsPattern("tollgate_stream_chunk_gap_seconds_bucket\\{model=\"slow-stream\",le=\"0\\.25\"} [1-9]");
        assertThat(metrics).containsPattern(
                "tollgate_team_tokens_total\\{direction=\"output\",model=\"slow-stream\",team=\"none\"} [1-9]");
        assertThat(metrics).containsPattern("tollgate_team_cost_usd_total\\{model=\"gpt-4o\",team=\"none\"} [0-9.]*[1-9]");
    }

    @Test
    void bookedEventsReachTheWebhookSignedTheFileAsNdjsonAndTheCollectorAsLogs() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = gateway.post("/v1/chat/completions",
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"export " + i + "\"}]}");
            assertThat(r.statusCode()).isEqualTo(200);
            ids.add(r.headers().firstValue("x-request-id").orElseThrow());
        }

        // webhook: every event arrives, in signed deliveries
        await().atMost(Duration.ofSeconds(15)).until(() -> webhookIds().containsAll(ids));
        for (var d : deliveries) {
            String signature = d.getKey().get("X-tollgate-signature").getFirst();
            long t = Long.parseLong(signature.substring(2, signature.indexOf(',')));
            assertThat(signature).isEqualTo(WebhookAlerts.signature(SECRET, t, d.getValue()));
            assertThat(d.getKey().get("X-tollgate-event")).containsExactly("usage.events");
        }
        JsonNode event = event(ids.iterator().next());
        assertThat(event.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(event.get("status").asInt()).isEqualTo(200);
        assertThat(event.get("cost_nano_usd").asLong()).isPositive();
        assertThat(event.get("prompt_tokens").asLong()).isPositive();
        assertThat(event.toString()).doesNotContain(gateway.key()).doesNotContain(gateway.upstreamKey());

        // file: one JSON object a line, rotated at max_bytes, at most max_files kept beside the live file
        await().atMost(Duration.ofSeconds(15)).until(() -> fileIds().containsAll(ids));
        assertThat(Files.exists(exportFile.resolveSibling("usage.ndjson.1"))).as("rotated").isTrue();
        assertThat(Files.exists(exportFile.resolveSibling("usage.ndjson.3"))).isFalse();
        for (Path p : exportFiles()) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(4096);
        }

        // OTLP logs: one record per event, body the event's JSON
        await().atMost(Duration.ofSeconds(15)).until(() -> logIds().containsAll(ids));
        LogRecord log = otlp.logs.stream().filter(l -> ids.contains(attribute(l.getAttributesList(), "tollgate.request_id")))
                .findFirst().orElseThrow();
        assertThat(attribute(log.getAttributesList(), "event.name")).isEqualTo("tollgate.usage");
        assertThat(JSON.readTree(log.getBody().getStringValue()).get("request_id").asText())
                .isEqualTo(attribute(log.getAttributesList(), "tollgate.request_id"));

        String metrics = gateway.get("/metrics", null).body();
        assertThat(metrics).containsPattern("tollgate_export_events_total\\{outcome=\"delivered\",sink=\"hook\"} [1-9]");
        assertThat(metrics).contains("tollgate_export_queue{sink=\"ndjson\"}");
    }

    @Test
    void aCacheHitIsTracedAsOneAndEveryMetricTheDashboardQueriesIsExported() throws Exception {
        String body = "{\"model\":\"text-embedding-3-small\",\"input\":\"dashboard\"}";
        assertThat(gateway.post("/v1/embeddings", body).statusCode()).isEqualTo(200);
        HttpResponse<String> hit = gateway.post("/v1/embeddings", body);
        assertThat(hit.statusCode()).isEqualTo(200);
        String requestId = hit.headers().firstValue("x-request-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> !otlp.trace(requestId).isEmpty());
        Span server = only(otlp.trace(requestId), Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(server.getName()).isEqualTo("embeddings text-embedding-3-small");
        assertThat(attribute(server.getAttributesList(), "tollgate.cache_hit")).isEqualTo("true");
        assertThat(otlp.trace(requestId)).as("no upstream attempt").hasSize(1);

        // a call of every kind the dashboard shows, then every metric it queries must be in the scrape
        call("{\"model\":\"slow-stream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null);
        call("{\"model\":\"down-then-up\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null);
        call("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null);
        assertThat(call("{\"model\":\"falls-back\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", null)
                .statusCode()).isEqualTo(200);
        JsonNode dashboard = JSON.readTree(Files.readString(repositoryRoot().resolve("docs/grafana/tollgate.json")));
        Set<String> queried = new java.util.TreeSet<>();
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("\\b((?:tollgate|jvm|process)_[a-z_]+)");
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                var m = name.matcher(target.get("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1).replaceAll("_(bucket|sum|count)$", ""));
                }
            }
        }
        assertThat(queried).hasSizeGreaterThan(15);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = gateway.get("/metrics", null).body();
            for (String metric : queried) {
                assertThat(metrics).as("the dashboard's %s", metric).contains("\n" + metric);
            }
        });
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/grafana"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    private static Set<String> webhookIds() throws IOException {
        Set<String> out = new HashSet<>();
        for (var d : deliveries) {
            for (JsonNode e : JSON.readTree(d.getValue()).get("events")) {
                out.add(e.get("request_id").asText());
            }
        }
        return out;
    }

    private static JsonNode event(String requestId) throws IOException {
        for (var d : deliveries) {
            for (JsonNode e : JSON.readTree(d.getValue()).get("events")) {
                if (e.get("request_id").asText().equals(requestId)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no event " + requestId);
    }

    private static List<Path> exportFiles() throws IOException {
        try (Stream<Path> files = Files.list(exportFile.getParent())) {
            return files.toList();
        }
    }

    private static Set<String> fileIds() throws IOException {
        Set<String> out = new HashSet<>();
        for (Path p : exportFiles()) {
            for (String line : Files.readAllLines(p)) {
                out.add(JSON.readTree(line).get("request_id").asText());
            }
        }
        return out;
    }

    private static Set<String> logIds() {
        Set<String> out = new HashSet<>();
        for (LogRecord l : otlp.logs) {
            out.add(attribute(l.getAttributesList(), "tollgate.request_id"));
        }
        return out;
    }

    private static Span only(List<Span> spans, Span.SpanKind kind) {
        List<Span> of = new ArrayList<>(spans.stream().filter(s -> s.getKind() == kind).toList());
        assertThat(of).as("%s spans", kind).hasSize(1);
        return of.getFirst();
    }
}
