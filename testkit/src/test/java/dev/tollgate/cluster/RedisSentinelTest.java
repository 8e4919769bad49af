package dev.tollgate.cluster;

import dev.tollgate.core.ledger.LedgerState;
import dev.tollgate.state.redis.RedisBus;
import dev.tollgate.state.redis.RedisConnections;
import dev.tollgate.state.redis.RedisResponseCache;
import dev.tollgate.testkit.ScratchRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code state.url: redis-sentinel://…/mymaster} against a real Sentinel (redis-server in sentinel mode, quorum 1)
 * watching a real master: commands and the bus reach the master the Sentinel names. A fail-over is not exercised
 * (that needs a replica and a few seconds of Sentinel's election), nor is Redis Cluster (only its options are
 * tested, in state-redis's RedisEndpointTest).
 */
class RedisSentinelTest {

    @TempDir
    Path dir;

    @Test
    void commandsAndTheBusGoToTheMasterTheSentinelNames() throws Exception {
        assumeTrue(ScratchRedis.available(), "redis-server is not on the PATH");
        Vertx vertx = Vertx.vertx();
        try (ScratchRedis master = ScratchRedis.start(dir);
             ScratchRedis sentinel = ScratchRedis.sentinel(dir, master, "mymaster")) {
            RedisConnections redis = RedisConnections.open(vertx,
                    "redis-sentinel://127.0.0.1:" + sentinel.port() + "/mymaster");
            try {
                assertThat(redis.describe()).isEqualTo("redis sentinel 127.0.0.1:" + sentinel.port() + " master mymaster");
                redis.client().send(Request.cmd(Command.SET).arg("sentinel-test").arg("through the sentinel"))
                        .await(5, TimeUnit.SECONDS);
                // the value is on the master itself
                RedisConnections direct = RedisConnections.open(vertx, master.url());
                assertThat(direct.client().send(Request.cmd(Command.GET).arg("sentinel-test")).await(5, TimeUnit.SECONDS)
                        .toString()).isEqualTo("through the sentinel");
                direct.close();

                RedisBus listener = new RedisBus(redis, "sentinel:");
                RedisBus speaker = new RedisBus(redis, "sentinel:");
                CompletableFuture<String> heard = new CompletableFuture<>();
                listener.on("changed", (node, body) -> heard.complete(body)).start();
                speaker.start();
                // the subscription's confirmation is an internal event; its flag is what a test can see
                await().atMost(Duration.ofSeconds(5)).until(listener::subscribed);
                speaker.publish("changed", "keys");
                assertThat(heard.get(5, TimeUnit.SECONDS)).isEqualTo("keys");
                listener.close();
                speaker.close();

                LedgerState ledger = new dev.tollgate.state.redis.RedisLedgerState(redis, "sentinel:");
                assertThat(ledger.describe()).contains("sentinel");
                RedisResponseCache cache = RedisResponseCache.over(redis, "sentinel:cache:", 1024);
                assertThat(cache.describe()).contains("master mymaster");
            } finally {
                redis.close();
            }
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
