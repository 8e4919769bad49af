package dev.tollgate.cluster;

import dev.tollgate.simulator.Simulator;
import dev.tollgate.simulator.SimulatorOptions;
import dev.tollgate.testkit.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A zero-downtime stop behind a load balancer: on SIGTERM, {@code /health/ready} turns 503 {@code draining} at once
 * while calls are still answered for {@code server.drain_delay_ms}; only then does the gateway stop accepting and
 * drain what is in flight.
 */
class DrainOnStopTest {

    @TempDir
    Path dir;

    @Test
    void readinessFlipsAtOnceAndCallsAreServedThroughTheDrainDelay() {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
            String config = """
                    server: { port: 0, drain_delay_ms: 3000, shutdown_grace_ms: 2000 }
                    storage: { url: "sqlite:data/tollgate.db" }
                    providers:
                      - { name: sim, type: openai, base_url: "%s/v1", keys: ["sk-sim-drain"] }
                    models:
                      - { name: gpt-4o-mini, deployments: [{ provider: sim, model: gpt-4o-mini }] }
                    """.formatted(sim.baseUrl());
            try (GatewayProcess gateway = GatewayProcess.start(GatewayProcess.Spec.of(dir, config),
                    Duration.ofSeconds(60))) {
                String key = gateway.createKey("{\"name\":\"drain\"}");
                assertThat(ready(gateway).statusCode()).isEqualTo(200);

                long sigterm = System.nanoTime();
                gateway.terminate();
                await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(20))
                        .until(() -> ready(gateway).statusCode() == 503);
                long flippedMs = (System.nanoTime() - sigterm) / 1_000_000;
                assertThat(ready(gateway).body()).contains("\"status\":\"draining\"");
                // the balancer has not noticed yet: its calls are still answered
                HttpResponse<String> during = gateway.send(HttpRequest.newBuilder(
                                URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + key).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"still there?\"}]}"))
                        .build());
                assertThat(during.statusCode()).isEqualTo(200);
                assertThat(gateway.isAlive()).isTrue();

                assertThat(gateway.awaitExit(Duration.ofSeconds(20))).isTrue();
                long exitedMs = (System.nanoTime() - sigterm) / 1_000_000;
                System.out.printf("drain: readiness 503 after %d ms, process exited after %d ms (drain_delay_ms 3000)%n",
                        flippedMs, exitedMs);
                assertThat(exitedMs).as("served through the drain delay").isGreaterThanOrEqualTo(3000);
                assertThat(gateway.logText()).contains("answers 503 draining; still serving for 3000 ms");
            }
        }
    }

    private static HttpResponse<String> ready(GatewayProcess gateway) {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/health/ready")).GET().build());
    }
}
