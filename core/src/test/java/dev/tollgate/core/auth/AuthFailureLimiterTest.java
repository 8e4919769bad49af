package dev.tollgate.core.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AuthFailureLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger limit = new AtomicInteger(3);
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(limit::get, now::get);

    @Test
    void anAddressIsRefusedOnceItReachesTheThresholdWithinAMinuteAndOthersAreNot() {
        limiter.recordFailure("10.0.0.1");
        now.addAndGet(10_000);
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
        now.addAndGet(10_000);
        limiter.recordFailure("10.0.0.1");
        // the first failure leaves the window 40 s from now
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(40);
        assertThat(limiter.retryAfterSeconds("10.0.0.2")).isZero();
        assertThat(limiter.retryAfterSeconds(null)).isZero();
    }

    @Test
    void theWindowSlidesSoOldFailuresStopCounting() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("10.0.0.1");
            now.addAndGet(20_000);
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero(); // the first is now 60 s old
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(20);
    }

    @Test
    void zeroTurnsItOffAndANewThresholdStartsAFreshCount() {
        for (int i = 0; i < 3; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        limit.set(0);
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
        limit.set(2);
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
        limiter.recordFailure("10.0.0.1");
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(60);
    }

    @Test
    void staleAddressesAreSweptWhenTheTableIsFull() {
        for (int i = 0; i < AuthFailureLimiter.MAX_TRACKED; i++) {
            limiter.recordFailure("a" + i);
        }
        limiter.recordFailure("fresh");
        assertThat(limiter.tracked()).isEqualTo(AuthFailureLimiter.MAX_TRACKED);
        now.addAndGet(AuthFailureLimiter.WINDOW_MILLIS + 1);
        limiter.recordFailure("fresh");
        assertThat(limiter.tracked()).isEqualTo(1);
    }
}
