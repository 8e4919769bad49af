package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.report.Format;
import dev.tollgate.bench.report.Section;
import dev.tollgate.bench.report.Table;
import dev.tollgate.bench.run.BenchSession;
import dev.tollgate.bench.run.Console;
import dev.tollgate.server.Gateway;
import dev.tollgate.server.GatewayOptions;
import dev.tollgate.simulator.Behaviour;
import dev.tollgate.simulator.Simulator;
import dev.tollgate.simulator.SimulatorOptions;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hedging against a stall: two deployments of equal weight, each on its own simulator answering its first
 * token in 20 ms. Once both are measured, one of them stalls (its first token takes 1 s). The same streaming
 * calls then go to a model group without hedging and to one that hedges after the chosen deployment's own
 * p95 time to first token; the report compares their TTFT percentiles. Runs in-process, apart from the
 * benchmark's arms, with its own gateway.
 */
public final class HedgingScenario implements Scenario {

    private static final int WARM_UP_CALLS = 60;
    private static final int MEASURED_CALLS = 200;
    private static final int CONCURRENCY = 10;
    private static final long HEALTHY_TTFT_MS = 20;
    private static final long STALLED_TTFT_MS = 1_000;
    private static final String ADMIN_KEY = "tga-bench-" + UUID.randomUUID();

    @Override
    public String name() {
        return "hedging";
    }

    @Override
    public Section run(BenchSession session) {
        Behaviour healthy = Behaviour.defaults().withTtftMs(HEALTHY_TTFT_MS).withChunks(10);
        try (Simulator steady = Simulator.start(SimulatorOptions.defaults().withBehaviour(healthy));
             Simulator stalling = Simulator.start(SimulatorOptions.defaults().withBehaviour(healthy))) {
            Path dir = Files.createTempDirectory("tollgate-bench-hedging");
            Path config = dir.resolve("tollgate.yaml");
            Files.writeString(config, config(steady, stalling, dir.resolve("tollgate.db")));
            try (Gateway gateway = Gateway.start(new GatewayOptions(config, 0, ADMIN_KEY, Map.<String, String>of()::get,
                    1_000, dir))) {
                String base = "http://127.0.0.1:" + gateway.port();
                String key = createKey(base);
                for (String model : List.of("plain", "hedged")) {
                    calls(base, key, model, WARM_UP_CALLS);
                }
                stalling.setDefaults(stalling.defaults().withBehaviour(healthy.withTtftMs(STALLED_TTFT_MS)));
                Histogram plain = calls(base, key, "plain", MEASURED_CALLS);
                Histogram hedged = calls(base, key, "hedged", MEASURED_CALLS);
                return report(plain, hedged);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the hedging scenario failed: " + e.getMessage(), e);
        }
    }

    private static String config(Simulator steady, Simulator stalling, Path database) {
        String deployments = """
                    deployments:
                      - { name: steady, provider: steady, model: gpt-4o-mini }
                      - { name: stalling, provider: stalling, model: gpt-4o-mini }
                """;
        return "server: { host: 127.0.0.1, port: 0, shutdown_grace_ms: 1000 }\n"
                + "storage: { url: \"sqlite:" + database + "\" }\n"
                + "providers:\n"
                + "  - { name: steady, type: openai, base_url: \"" + steady.baseUrl() + "/v1\", keys: [\"sk-bench\"] }\n"
                + "  - { name: stalling, type: openai, base_url: \"" + stalling.baseUrl() + "/v1\", keys: [\"sk-bench\"] }\n"
                + "models:\n"
                + "  - name: plain\n    strategy: weighted\n" + deployments
                + "  - name: hedged\n    strategy: weighted\n    hedge: { enabled: true, max_percent: 100 }\n"
                + deployments;
    }

    /** TTFT of each streaming call (to its first content chunk), {@value #CONCURRENCY} at a time. */
    private static Histogram calls(String base, String key, String model, int count) {
        HttpClient http = HttpClient.newHttpClient();
        Histogram ttft = new Histogram(3);
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                results.add(pool.submit(() -> streamTtftNanos(http, base, key, model)));
            }
            for (Future<Long> f : results) {
                ttft.recordValue(f.get());
            }
        } catch (Exception e) {
            throw new IllegalStateException("hedging calls to " + model + " failed", e);
        } finally {
            pool.shutdownNow();
        }
        return ttft;
    }

    private static long streamTtftNanos(HttpClient http, String base, String key, String model) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (first == 0 && line.startsWith("data: ") && line.contains("\"content\":\"")
                        && !line.contains("\"content\":\"\"")) {
                    first = System.nanoTime() - start;
                }
            }
        }
        if (r.statusCode() != 200 || first == 0) {
            throw new IllegalStateException(model + " answered " + r.statusCode() + " without content");
        }
        return first;
    }

    private static String createKey(String base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/admin/v1/keys"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-hedging\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"key\":\"(tg-[^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no key in " + r.body());
        }
        return m.group(1);
    }

    private Section report(Histogram plain, Histogram hedged) {
        Section section = new Section(name(), "Hedging against a stalled deployment",
                "Two deployments of equal weight on their own simulators (first token in " + HEALTHY_TTFT_MS
                        + " ms, 10 chunks). After " + WARM_UP_CALLS + " calls per model group, one deployment stalls"
                        + " (first token in " + Format.count(STALLED_TTFT_MS) + " ms). Then " + MEASURED_CALLS
                        + " streaming calls, " + CONCURRENCY + " at a time, go to a group without hedging and to one"
                        + " that hedges after the chosen deployment's own p95 time to first token"
                        + " (`hedge: { enabled: true, max_percent: 100 }`). TTFT is measured by the client to the first"
                        + " content chunk.");
        Table t = new Table("Client TTFT with one deployment stalled", List.of("Model group", "TTFT p50 ms",
                "TTFT p95 ms", "TTFT p99 ms", "TTFT max ms", "Calls"));
        for (Map.Entry<String, Histogram> e : List.of(Map.entry("no hedging", plain), Map.entry("hedging", hedged))) {
            Histogram h = e.getValue();
            t.row(e.getKey(), Format.ms(h.getValueAtPercentile(50) / 1e6), Format.ms(h.getValueAtPercentile(95) / 1e6),
                    Format.ms(h.getValueAtPercentile(99) / 1e6), Format.ms(h.getMaxValue() / 1e6),
                    Format.count(h.getTotalCount()));
            Console.log("  " + e.getKey() + ": TTFT p50 " + Format.ms(h.getValueAtPercentile(50) / 1e6) + " ms, p99 "
                    + Format.ms(h.getValueAtPercentile(99) / 1e6) + " ms");
        }
        section.table(t);
        return section;
    }
}
