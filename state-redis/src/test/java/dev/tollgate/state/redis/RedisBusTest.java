package dev.tollgate.state.redis;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cluster bus over the real Redis at TOLLGATE_TEST_REDIS_URL: two nodes on one prefix. */
class RedisBusTest {

    private Vertx vertx;
    private RedisConnections connections;
    private RedisBus a;
    private RedisBus b;

    @BeforeEach
    void start() {
        String url = RedisLedgerStateTest.redisUrl();
        Assumptions.assumeTrue(url != null, "no Redis (TOLLGATE_TEST_REDIS_URL)");
        vertx = Vertx.vertx();
        connections = RedisConnections.open(vertx, url);
        String prefix = "test-" + UUID.randomUUID() + ":";
        a = new RedisBus(connections, prefix);
        b = new RedisBus(connections, prefix);
    }

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            a.close();
            b.close();
            connections.close();
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMessageReachesTheOtherNodesHandlerForItsTopicAndNotTheSender() throws Exception {
        List<String> heardByA = new CopyOnWriteArrayList<>();
        List<String> heardByB = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        a.on("breaker", (node, body) -> heardByA.add(body)).start();
        b.on("other", (node, body) -> heardByB.add("other:" + body))
                .on("breaker", (node, body) -> {
                    heardByB.add(node + " " + body);
                    delivered.countDown();
                }).start();
        waitSubscribed(a);
        waitSubscribed(b);

        a.publish("breaker", "gpt-4o\tazure-east\t30000");

        assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(heardByB).containsExactly(a.nodeId() + " gpt-4o\tazure-east\t30000");
        // b's answer reaches a after a's own message would have (one channel, in order): a heard only b's
        b.publish("breaker", "from b");
        await().atMost(Duration.ofSeconds(5)).until(() -> !heardByA.isEmpty());
        assertThat(heardByA).as("a node ignores its own messages").containsExactly("from b");
    }

    /** The subscription's confirmation is an internal event; its flag is what a test can see. */
    private static void waitSubscribed(RedisBus bus) {
        await().atMost(Duration.ofSeconds(5)).until(bus::subscribed);
    }
}
