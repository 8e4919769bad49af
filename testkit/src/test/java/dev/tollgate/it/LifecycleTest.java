package dev.tollgate.it;

import dev.tollgate.spi.store.Storage;
import dev.tollgate.store.jdbc.JdbcStorage;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Configuration reloads without a restart, and a graceful stop finishes streams and flushes usage. */
class LifecycleTest {

    @Test
    void aChangedConfigIsAppliedAndABrokenOneIsRejected() throws Exception {
        try (GatewayHarness gw = GatewayHarness.sqlite(); LogCapture logs = new LogCapture()) {
            gw.rewriteConfig(GatewayHarness.DEFAULT_CONFIG + """
                      - name: added-later
                        deployments: [{ provider: sim, model: gpt-4o }]
                    """);
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/v1/models", gw.key()).body().contains("added-later"));
            assertThat(gw.post("/v1/chat/completions",
                    "{\"model\":\"added-later\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);

            gw.rewriteConfig(GatewayHarness.DEFAULT_CONFIG + """
                      - name: broken
                        deployments: [{ provider: nowhere }]
                    """);
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.text().contains("configuration change rejected"));
            assertThat(logs.text()).contains("models[11].deployments[0].provider: no provider named 'nowhere'");
            String models = gw.get("/v1/models", gw.key()).body();
            assertThat(models).contains("added-later").doesNotContain("\"broken\"");
        }
    }

    @Test
    void aGracefulStopLetsStreamsFinishAndBooksEveryCall() throws Exception {
        GatewayHarness gw = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG, null, "sk-sim-lifecycle-1");
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(gw.post("/v1/chat/completions",
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"n" + i + "\"}]}").statusCode())
                        .isEqualTo(200);
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest streamRequest = HttpRequest.newBuilder(URI.create(gw.openAiBaseUrl() + "/chat/completions"))
                    .header("authorization", "Bearer " + gw.key()).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"slow-stream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build();
            HttpResponse<InputStream> stream = http.send(streamRequest, HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            List<String> received = new ArrayList<>();
            received.add(lines.readLine()); // the stream is in flight: its first event has arrived

            CountDownLatch stopping = new CountDownLatch(1);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                stopping.countDown();
                gw.gateway().close();
            });
            stopping.await();
            String line;
            while ((line = lines.readLine()) != null) {
                received.add(line);
            }
            stopped.get(30, TimeUnit.SECONDS);
            assertThat(received.stream().filter(l -> l.startsWith("data:")).toList()).last().isEqualTo("data: [DONE]");
            assertThat(gw.gateway().pendingUsage()).isZero();
        } finally {
            gw.close();
        }
        try (Storage storage = JdbcStorage.open(gw.storageUrl())) {
            assertThat(storage.usage().count()).isEqualTo(21);
            assertThat(storage.usage().recent(21)).allMatch(e -> e.status() == 200 && e.usage().totalTokens() > 0);
        }
    }
}
