package dev.tollgate.it;

import dev.tollgate.testkit.GatewayHarness;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming is a transparent pipe: an upstream that emits a chunk every 200 ms, each chunk must reach the
 * client within 50 ms of its emission, and the client's bytes equal the upstream's, chunk for chunk
 * (the usage chunk the gateway asked for aside).
 */
class TransparencyTest {

    private static final int CHUNKS = 6;
    private static final long GAP_MS = 200;
    private static final long MAX_DELAY_MS = 50;

    private static Vertx vertx;
    private static HttpServer upstream;
    private static GatewayHarness gw;
    /** What the upstream wrote, and when (System.nanoTime in this JVM, so comparable with the client's clock). */
    private static final List<Buffer> sent = new CopyOnWriteArrayList<>();
    private static final List<Long> sentAt = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            HttpServerResponse res = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            emit(res, 0);
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        String config = """
                server: { port: 0 }
                storage: { url: "${STORAGE}" }
                providers:
                  - { name: pacer, type: openai, base_url: "http://127.0.0.1:%d/v1", keys: ["sk-pacer-123456"] }
                models:
                  - { name: paced, deployments: [{ provider: pacer, model: paced-upstream }] }
                """.formatted(upstream.actualPort());
        gw = GatewayHarness.start(config, null, "unused-" + UUID.randomUUID());
    }

    private static void emit(HttpServerResponse res, int i) {
        if (i < CHUNKS) {
            write(res, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"paced-upstream\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token-" + i + " \"},\"finish_reason\":null}]}\n\n");
            vertx.setTimer(GAP_MS, t -> emit(res, i + 1));
        } else {
            write(res, "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"paced-upstream\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":6,\"total_tokens\":13}}\n\n");
            write(res, "data: [DONE]\n\n");
            res.end();
        }
    }

    private static void write(HttpServerResponse res, String event) {
        Buffer b = Buffer.buffer(event);
        sent.add(b);
        sentAt.add(System.nanoTime());
        res.write(b);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    void everyChunkArrivesAsSoonAsItIsSentAndUnchanged() throws Exception {
        List<Buffer> received = new CopyOnWriteArrayList<>();
        List<Long> receivedAt = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        var client = vertx.createHttpClient(new HttpClientOptions());
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(gw.openAiBaseUrl() + "/chat/completions")
                        .putHeader("authorization", "Bearer " + gw.key()).putHeader("content-type", "application/json"))
                .compose(req -> req.send("{\"model\":\"paced\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"))
                .onSuccess(res -> {
                    res.handler(chunk -> {
                        receivedAt.add(System.nanoTime());
                        received.add(chunk);
                    });
                    res.endHandler(v -> done.complete(null));
                    res.exceptionHandler(done::completeExceptionally);
                })
                .onFailure(done::completeExceptionally);
        done.get(30, TimeUnit.SECONDS);

        // Bytes: everything the upstream sent, minus the usage-only chunk the client did not ask for.
        Buffer expected = Buffer.buffer();
        sent.stream().filter(b -> !b.toString().contains("\"usage\":{")).forEach(expected::appendBuffer);
        Buffer actual = Buffer.buffer();
        received.forEach(actual::appendBuffer);
        assertThat(actual.toString()).isEqualTo(expected.toString());

        // Timing: each content chunk reached the client within 50 ms of leaving the upstream.
        for (int i = 0; i < CHUNKS; i++) {
            String marker = "token-" + i + " ";
            long emitted = sentAt.get(i);
            long arrived = arrivalOf(marker, received, receivedAt);
            assertThat(TimeUnit.NANOSECONDS.toMillis(arrived - emitted))
                    .as("delay of chunk %d", i).isLessThan(MAX_DELAY_MS);
        }
        client.close();
    }

    private static long arrivalOf(String marker, List<Buffer> received, List<Long> at) {
        for (int i = 0; i < received.size(); i++) {
            if (received.get(i).toString().contains(marker)) {
                return at.get(i);
            }
        }
        throw new AssertionError("chunk " + marker + " never arrived");
    }
}
