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
 * The transparency guarantee on translated streams: an Anthropic-format upstream emits a text delta every
 * 200 ms; the OpenAI-dialect client must get each one, translated, within 50 ms of its emission.
 */
class TranslatedTransparencyTest {

    private static final int DELTAS = 5;
    private static final long GAP_MS = 200;
    private static final long MAX_DELAY_MS = 50;

    private static Vertx vertx;
    private static GatewayHarness gw;
    private static final List<Long> sentAt = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        HttpServer upstream = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            HttpServerResponse res = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            write(res, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"paced\",\"content\":[],\"stop_reason\":null,"
                    + "\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}", false);
            write(res, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}", false);
            emit(res, 0);
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        String config = """
                server: { port: 0 }
                storage: { url: "${STORAGE}" }
                providers:
                  - { name: paced, type: anthropic, base_url: "http://127.0.0.1:%d/v1", keys: ["sk-ant-paced-123456"] }
                models:
                  - { name: paced, deployments: [{ provider: paced, model: paced-upstream }] }
                """.formatted(upstream.actualPort());
        gw = GatewayHarness.start(config, null, "unused-" + UUID.randomUUID());
    }

    private static void emit(HttpServerResponse res, int i) {
        if (i < DELTAS) {
            write(res, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"token-" + i + " \"}}", true);
            vertx.setTimer(GAP_MS, t -> emit(res, i + 1));
        } else {
            write(res, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}", false);
            write(res, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}", false);
            write(res, "message_stop", "{\"type\":\"message_stop\"}", false);
            res.end();
        }
    }

    private static void write(HttpServerResponse res, String event, String data, boolean timed) {
        if (timed) {
            sentAt.add(System.nanoTime());
        }
        res.write(Buffer.buffer("event: " + event + "\ndata: " + data + "\n\n"));
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
    void eachTranslatedDeltaLeavesAsSoonAsItsSourceArrives() throws Exception {
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

        for (int i = 0; i < DELTAS; i++) {
            String marker = "\"content\":\"token-" + i + " \"";
            long arrived = -1;
            for (int c = 0; c < received.size() && arrived < 0; c++) {
                if (received.get(c).toString().contains(marker)) {
                    arrived = receivedAt.get(c);
                }
            }
            assertThat(arrived).as("delta %d arrived as an OpenAI chunk", i).isPositive();
            assertThat(TimeUnit.NANOSECONDS.toMillis(arrived - sentAt.get(i))).as("delay of delta %d", i)
                    .isLessThan(MAX_DELAY_MS);
        }
        Buffer all = Buffer.buffer();
        received.forEach(all::appendBuffer);
        assertThat(all.toString()).endsWith("data: [DONE]\n\n");
        client.close();
    }
}
