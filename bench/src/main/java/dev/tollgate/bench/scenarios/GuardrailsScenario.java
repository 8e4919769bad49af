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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guardrails off against a typical set on: one gateway without a {@code guardrails:} section, one with PII
 * redaction (placeholders restored) and a deny list on requests and answers, attached to every call. The same
 * closed-loop load (buffered and streamed chat calls with a 1 KB prompt holding an e-mail address and a phone
 * number) runs against each, alternating, and the report compares client latency and throughput. Runs
 * in-process, apart from the benchmark's arms.
 */
public final class GuardrailsScenario implements Scenario {

    private static final int WARM_UP_CALLS = 400;
    private static final int MEASURED_CALLS = 1_500;
    private static final int ROUNDS = 2;
    private static final int CONCURRENCY = 16;
    private static final String ADMIN_KEY = "tga-bench-" + UUID.randomUUID();
    private static final String GUARDRAILS = """
            guardrails:
              definitions:
                - { name: pii, type: pii, hooks: [pre] }
                - { name: deny, type: deny_list, hooks: [pre, post], settings: { words: [project-zeus, confidential, internal-only], patterns: ["\\\\bticket-[0-9]{6}\\\\b"] } }
              attach:
                - { all: true, guardrails: [pii, deny] }
            """;

    @Override
    public String name() {
        return "guardrails";
    }

    @Override
    public Section run(BenchSession session) {
        Behaviour quick = Behaviour.defaults().withChunks(10);
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().withBehaviour(quick))) {
            Path dir = Files.createTempDirectory("tollgate-bench-guardrails");
            String prompt = prompt();
            Map<String, Histogram[]> results = new java.util.LinkedHashMap<>();
            Map<String, long[]> elapsed = new java.util.LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (boolean on : new boolean[]{false, true}) {
                    String arm = on ? "guardrails on (PII + deny list)" : "guardrails off";
                    Path config = dir.resolve("tollgate-" + round + "-" + on + ".yaml");
                    Files.writeString(config, config(sim, dir.resolve("tollgate-" + round + "-" + on + ".db"), on));
                    try (Gateway gateway = Gateway.start(new GatewayOptions(config, 0, ADMIN_KEY,
                            Map.<String, String>of()::get, 1_000))) {
                        String base = "http://127.0.0.1:" + gateway.port();
                        String key = createKey(base);
                        calls(base, key, prompt, false, WARM_UP_CALLS);
                        calls(base, key, prompt, true, WARM_UP_CALLS);
                        Histogram[] h = results.computeIfAbsent(arm, a -> new Histogram[]{new Histogram(3), new Histogram(3)});
                        long[] t = elapsed.computeIfAbsent(arm, a -> new long[2]);
                        long start = System.nanoTime();
                        h[0].add(calls(base, key, prompt, false, MEASURED_CALLS));
                        t[0] += System.nanoTime() - start;
                        start = System.nanoTime();
                        h[1].add(calls(base, key, prompt, true, MEASURED_CALLS));
                        t[1] += System.nanoTime() - start;
                    }
                }
            }
            return report(results, elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the guardrails scenario failed: " + e.getMessage(), e);
        }
    }

    /** About 1 KB of ordinary prose with one e-mail address and one phone number to redact. */
    private static String prompt() {
        StringBuilder sb = new StringBuilder("Please write back to jane.doe@example.com or call +44 20 7946 0958. ");
        String filler = "The quarterly report covers revenue, costs and the outlook for the next two quarters. ";
        while (sb.length() < 1024) {
            sb.append(filler);
        }
        return sb.toString();
    }

    private static String config(Simulator sim, Path database, boolean guardrails) {
        return "server: { host: 127.0.0.1, port: 0, shutdown_grace_ms: 1000 }\n"
                + "storage: { url: \"sqlite:" + database + "\" }\n"
                + "providers:\n"
                + "  - { name: sim, type: openai, base_url: \"" + sim.baseUrl() + "/v1\", keys: [\"sk-bench\"] }\n"
                + "models:\n"
                + "  - { name: gpt-4o-mini, deployments: [{ provider: sim, model: gpt-4o-mini }] }\n"
                + (guardrails ? GUARDRAILS : "");
    }

    /** Client latency of each call (to its last byte), {@value #CONCURRENCY} at a time. */
    private static Histogram calls(String base, String key, String prompt, boolean stream, int count) {
        String body = "{\"model\":\"gpt-4o-mini\"," + (stream ? "\"stream\":true," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return ClosedLoopCalls.latency(HttpClient.newHttpClient(), request, CONCURRENCY, count, "guardrails calls");
    }

    private static String createKey(String base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/admin/v1/keys"))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-guardrails\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"key\":\"(tg-[^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no key in " + r.body());
        }
        return m.group(1);
    }

    private Section report(Map<String, Histogram[]> results, Map<String, long[]> elapsed) {
        Section section = new Section(name(), "Guardrails off and on",
                "One gateway without guardrails, one with PII redaction (placeholders restored in the answer) and a"
                        + " four-entry deny list on requests and answers attached to every call. Each gets "
                        + ROUNDS + " rounds, alternating, of " + MEASURED_CALLS + " buffered and " + MEASURED_CALLS
                        + " streamed chat calls (10 chunks), " + CONCURRENCY + " at a time, with a 1 KB prompt holding"
                        + " an e-mail address and a phone number, after " + WARM_UP_CALLS + " warm-up calls of each"
                        + " kind. The simulator answers at once, so the gateway's own work dominates.");
        Table t = new Table("Client latency to the last byte", List.of("Arm", "Kind", "p50 ms", "p90 ms", "p99 ms",
                "max ms", "Calls/s"));
        for (Map.Entry<String, Histogram[]> e : results.entrySet()) {
            for (int kind = 0; kind < 2; kind++) {
                Histogram h = e.getValue()[kind];
                double perSecond = h.getTotalCount() / (elapsed.get(e.getKey())[kind] / 1e9);
                t.row(e.getKey(), kind == 0 ? "buffered" : "streamed", Format.ms(h.getValueAtPercentile(50) / 1e6),
                        Format.ms(h.getValueAtPercentile(90) / 1e6), Format.ms(h.getValueAtPercentile(99) / 1e6),
                        Format.ms(h.getMaxValue() / 1e6), Format.count(perSecond));
                Console.log("  " + e.getKey() + " " + (kind == 0 ? "buffered" : "streamed") + ": p50 "
                        + Format.ms(h.getValueAtPercentile(50) / 1e6) + " ms, p99 "
                        + Format.ms(h.getValueAtPercentile(99) / 1e6) + " ms, " + Format.count(perSecond) + " calls/s");
            }
        }
        section.table(t);
        return section;
    }
}
