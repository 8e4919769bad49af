package dev.tollgate.state.redis;

import dev.tollgate.core.limits.Limit;
import dev.tollgate.core.limits.LimitState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The rate-limit scripts over the real Redis at TOLLGATE_TEST_REDIS_URL, each test under its own key prefix. */
class RedisLimitStateTest {

    Vertx vertx;
    RedisLimitState state;
    RedisAPI raw;
    Redis rawClient;
    String prefix;

    @BeforeEach
    void start() {
        String url = RedisLedgerStateTest.redisUrl();
        Assumptions.assumeTrue(url != null, "no Redis (TOLLGATE_TEST_REDIS_URL)");
        vertx = Vertx.vertx();
        prefix = "test-" + UUID.randomUUID() + ":";
        state = new RedisLimitState(vertx, url, prefix);
        rawClient = Redis.createClient(vertx, url);
        raw = RedisAPI.api(rawClient);
    }

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            state.close();
            rawClient.close();
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }

    static <T> T done(Future<T> f) {
        try {
            return f.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    LimitState.Outcome acquire(List<Limit> limits, long tokens, String lease) {
        return done(state.acquire(limits, tokens, lease, 60_000));
    }

    @Test
    void aConcurrentBurstGetsExactlyTheLimit() {
        List<Limit> rpm = List.of(Limit.rpm("key", "k1", 60));
        List<Future<LimitState.Outcome>> burst = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            burst.add(state.acquire(rpm, 0, "r" + i, 60_000));
        }
        long granted = burst.stream().map(RedisLimitStateTest::done).filter(LimitState.Outcome::granted).count();
        assertThat(granted).isEqualTo(60);
        LimitState.Outcome refused = acquire(rpm, 0, "late");
        assertThat(refused.refused()).isZero();
        assertThat(refused.remaining()[0]).isZero();
        // the burst may straddle a bucket boundary: up to a second less than a whole minute
        assertThat(refused.retryAfterMs()).isBetween(58_000L, 60_000L);
    }

    @Test
    void aCallTakesEveryLimitOrNone() {
        List<Limit> both = List.of(Limit.rpm("key", "k1", 100), Limit.rpm("team", "t1", 1));
        assertThat(acquire(both, 0, "a").granted()).isTrue();
        LimitState.Outcome refused = acquire(both, 0, "b");
        assertThat(refused.refused()).isEqualTo(1);
        LimitState.Outcome key = acquire(List.of(Limit.rpm("key", "k1", 100)), 0, "c");
        assertThat(key.remaining()[0]).isEqualTo(98);
        assertThat(key.resetMs()[0]).isBetween(1L, 60_000L);
    }

    @Test
    void tokensAreReservedOnEntryAndCorrectedOnSettle() {
        List<Limit> tpm = List.of(Limit.tpm("key", "k1", 1_000));
        LimitState.Outcome first = acquire(tpm, 800, "a");
        assertThat(first.remaining()[0]).isEqualTo(200);
        assertThat(acquire(tpm, 300, "b").granted()).isFalse();
        done(state.settle(tpm, first.nowMs(), 100 - 800, "a"));
        LimitState.Outcome second = acquire(tpm, 300, "b");
        assertThat(second.granted()).isTrue();
        assertThat(second.remaining()[0]).isEqualTo(600);
        done(state.settle(tpm, second.nowMs(), 5_000, "b")); // a call that used more than it reserved
        assertThat(acquire(tpm, 1, "c").granted()).isFalse();
    }

    @Test
    void concurrencySlotsAreFreedOnSettleAndExpireWhenNobodySettles() {
        List<Limit> one = List.of(Limit.concurrency("key", "k1", 1));
        assertThat(acquire(one, 0, "a").granted()).isTrue();
        assertThat(acquire(one, 0, "b").granted()).isFalse();
        done(state.settle(one, 0, 0, "a"));
        assertThat(done(state.acquire(one, 0, "crashed", 300)).granted()).isTrue(); // its node dies: no settle
        assertThat(acquire(one, 0, "b").granted()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> acquire(one, 0, "b").granted());
    }

    @Test
    void countersExpireOnTheirOwnAndStayInOneHashSlot() {
        List<Limit> limits = List.of(Limit.rpm("key", "k1", 10), Limit.concurrency("org", "o1", 5));
        acquire(limits, 0, "a");
        for (Limit l : limits) {
            assertThat(done(raw.pttl(state.key(l))).toLong()).isPositive();
            assertThat(state.key(l)).contains("{rl}");
        }
    }

    @Test
    void scriptsAreLoadedAgainAfterAScriptFlush() {
        List<Limit> rpm = List.of(Limit.rpm("key", "k1", 10));
        acquire(rpm, 0, "a");
        done(raw.script(List.of("FLUSH")));
        assertThat(acquire(rpm, 0, "b").remaining()[0]).isEqualTo(8);
    }
}
