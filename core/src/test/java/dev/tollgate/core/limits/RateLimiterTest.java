package dev.tollgate.core.limits;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.ModelAccess;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.store.RatePolicies;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which limits apply, and what happens when the shared state cannot be reached. */
class RateLimiterTest {

    final TestClock clock = new TestClock(1_700_000_040_000L);
    static final Caller CALLER = new Caller("key_1", "tg-abc", "org_1", "team_1", "user_1",
            ModelAccess.of(List.of()), List.of(), false, null, new RatePolicies("small", null, "big", "missing"));

    static GatewayConfig.Limits settings(GatewayConfig.Limits.OnUnavailable mode, int nodes) {
        return new GatewayConfig.Limits(Map.of("small", new LimitPolicy(4, 0, 1_000, 2),
                "big", new LimitPolicy(100, 10, 0, 0)), Map.of("gpt", new LimitPolicy(0, 0, 0, 50)), mode, nodes,
                500, 600_000);
    }

    @Test
    void everyLevelNamingAKnownPolicyAddsItsLimits() {
        List<Limit> limits = RateLimiter.limitsFor(CALLER, "gpt", settings(GatewayConfig.Limits.OnUnavailable.LOCAL, 1));
        assertThat(limits).extracting(Limit::counter).containsExactly("key:key_1:rpm", "key:key_1:tpm",
                "key:key_1:concurrency", "team:team_1:rps", "team:team_1:rpm", "model_group:gpt:concurrency");
        assertThat(RateLimiter.limitsFor(CALLER, "other", GatewayConfig.Limits.DEFAULTS)).isEmpty();
    }

    @Test
    void embeddedLimitsCountInProcess() {
        RateLimiter limiter = new RateLimiter(null, new InProcessLimitState(clock), LimitMetrics.discard(), clock);
        var s = settings(GatewayConfig.Limits.OnUnavailable.LOCAL, 1);
        List<Limit> limits = List.of(Limit.rpm("key", "key_1", 2));
        assertThat(limiter.acquire(limits, 0, "a", s).result().granted()).isTrue();
        assertThat(limiter.acquire(limits, 0, "b", s).result().granted()).isTrue();
        LimitHold refused = limiter.acquire(limits, 0, "c", s).result();
        assertThat(refused.refusal().status()).isEqualTo(429);
        assertThat(refused.refusal().code()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.refusal().retryAfterSeconds()).isEqualTo(60);
    }

    @Test
    void anUnreachableStateFallsBackToEachNodesShare() {
        RateLimiter limiter = new RateLimiter(new Unreachable(), new InProcessLimitState(clock), LimitMetrics.discard(),
                clock);
        var s = settings(GatewayConfig.Limits.OnUnavailable.LOCAL, 2);
        List<Limit> limits = List.of(Limit.rpm("key", "key_1", 4));
        assertThat(limiter.acquire(limits, 0, "a", s).result().granted()).isTrue();
        assertThat(limiter.degraded()).isTrue();
        assertThat(limiter.acquire(limits, 0, "b", s).result().granted()).isTrue();
        assertThat(limiter.acquire(limits, 0, "c", s).result().granted()).isFalse(); // 4 / 2 nodes
    }

    @Test
    void failOpenLetsCallsThroughAndFailClosedRefusesThem() {
        RateLimiter limiter = new RateLimiter(new Unreachable(), new InProcessLimitState(clock), LimitMetrics.discard(),
                clock);
        List<Limit> limits = List.of(Limit.rpm("key", "key_1", 1));
        var open = settings(GatewayConfig.Limits.OnUnavailable.FAIL_OPEN, 1);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(limits, 0, "o" + i, open).result().granted()).isTrue();
        }
        LimitHold closed = limiter.acquire(limits, 0, "c", settings(GatewayConfig.Limits.OnUnavailable.FAIL_CLOSED, 1))
                .result();
        assertThat(closed.refusal().status()).isEqualTo(503);
    }

    @Test
    void aRequestNoWaitCanFitIsNotWorthRetrying() {
        var error = RateLimiter.refusal(Limit.tpm("key", "key_1", 100), 60_000, 500);
        assertThat(error.retryPointless()).isTrue();
        assertThat(error.retryAfterSeconds()).isZero();
    }

    /** A shared state that is down. */
    static final class Unreachable implements LimitState {
        @Override
        public Future<Outcome> acquire(List<Limit> limits, long tokens, String leaseId, long leaseMs) {
            return Future.failedFuture(new java.net.ConnectException("Connection refused"));
        }

        @Override
        public Future<Void> settle(List<Limit> limits, long atMs, long tokenDelta, String leaseId) {
            return Future.failedFuture("down");
        }

        @Override
        public String describe() {
            return "redis down";
        }

        @Override
        public void close() {
        }
    }
}
