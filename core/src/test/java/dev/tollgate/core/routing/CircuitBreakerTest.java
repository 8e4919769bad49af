package dev.tollgate.core.routing;

import dev.tollgate.core.config.RoutingPolicy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static dev.tollgate.core.routing.CircuitBreaker.Permit.DENIED;
import static dev.tollgate.core.routing.CircuitBreaker.Permit.NORMAL;
import static dev.tollgate.core.routing.CircuitBreaker.Permit.PROBE;
import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    private static final long MS = 1_000_000L;
    /** 50% over at least 10 calls in 30 s, or 5 in a row; 1 s cooldown; one probe. */
    private static final RoutingPolicy.Breaker POLICY = new RoutingPolicy.Breaker(0.5, 10, 30, 5, 1_000, 1);

    private final AtomicLong now = new AtomicLong(1_000_000 * MS);
    private final CircuitBreaker breaker = new CircuitBreaker(POLICY, now::get);

    @Test
    void tripsAfterConsecutiveFailuresAndRefusesUntilTheCooldownEnds() {
        for (int i = 0; i < 4; i++) {
            breaker.onFailure(breaker.tryAcquire());
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.onFailure(breaker.tryAcquire());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.isAvailable()).isFalse();
        assertThat(breaker.tryAcquire()).isEqualTo(DENIED);
        assertThat(breaker.nanosUntilAvailable()).isEqualTo(1_000 * MS);

        now.addAndGet(999 * MS);
        assertThat(breaker.tryAcquire()).isEqualTo(DENIED);
        now.addAndGet(MS);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void aSuccessBreaksTheRunOfConsecutiveFailures() {
        for (int i = 0; i < 4; i++) {
            breaker.onFailure(breaker.tryAcquire());
        }
        breaker.onSuccess(breaker.tryAcquire());
        for (int i = 0; i < 4; i++) {
            breaker.onFailure(breaker.tryAcquire());
        }
        // 8 failures of 9 calls, but fewer than min_calls and never 5 in a row
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void tripsOnTheFailureRateOnceTheWindowHoldsEnoughCalls() {
        for (int i = 0; i < 10; i++) {
            if (i % 2 == 0) {
                breaker.onSuccess(breaker.tryAcquire());
            } else {
                breaker.onFailure(breaker.tryAcquire());
            }
            assertThat(breaker.state()).as("after call %d", i + 1)
                    .isEqualTo(i < 9 ? CircuitBreaker.State.CLOSED : CircuitBreaker.State.OPEN);
        }
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        for (int i = 0; i < 9; i++) {
            if (i % 3 == 0) {
                breaker.onSuccess(breaker.tryAcquire());
            } else {
                breaker.onFailure(breaker.tryAcquire());
                breaker.onSuccess(breaker.tryAcquire()); // never five in a row
            }
        }
        now.addAndGet(31_000 * MS);
        for (int i = 0; i < 9; i++) {
            breaker.onSuccess(breaker.tryAcquire());
        }
        breaker.onFailure(breaker.tryAcquire());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void halfOpenLetsOneProbeThroughAndItsSuccessCloses() {
        trip();
        now.addAndGet(1_000 * MS);
        CircuitBreaker.Permit probe = breaker.tryAcquire();
        assertThat(probe).isEqualTo(PROBE);
        assertThat(breaker.tryAcquire()).as("a second call while the probe is out").isEqualTo(DENIED);
        assertThat(breaker.isAvailable()).isFalse();
        breaker.onSuccess(probe);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isEqualTo(NORMAL);
    }

    @Test
    void aFailedProbeOpensAgainForAnotherCooldown() {
        trip();
        now.addAndGet(1_000 * MS);
        breaker.onFailure(breaker.tryAcquire());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.nanosUntilAvailable()).isEqualTo(1_000 * MS);
    }

    @Test
    void aReleasedProbeFreesItsSlotWithoutAVerdict() {
        trip();
        now.addAndGet(1_000 * MS);
        breaker.release(breaker.tryAcquire());
        assertThat(breaker.tryAcquire()).isEqualTo(PROBE);
    }

    @Test
    void retryAfterKeepsItOpenLongerThanTheCooldown() {
        breaker.openFor(7_000 * MS);
        now.addAndGet(6_999 * MS);
        assertThat(breaker.isAvailable()).isFalse();
        now.addAndGet(MS);
        assertThat(breaker.isAvailable()).isTrue();
    }

    private void trip() {
        for (int i = 0; i < 5; i++) {
            breaker.onFailure(breaker.tryAcquire());
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void anOpeningOfItsOwnIsAnnouncedOnceWithItsCooldown() {
        java.util.List<Long> announced = new java.util.ArrayList<>();
        breaker.onOpened(announced::add);
        for (int i = 0; i < 5; i++) {
            breaker.onFailure(breaker.tryAcquire());
        }
        breaker.openFor(5_000 * MS); // already open: longer, but not announced again
        assertThat(announced).containsExactly(1_000 * MS);
    }

    @Test
    void anOpeningElsewhereOpensAClosedBreakerForThatLongWithoutAnnouncingIt() {
        java.util.List<Long> announced = new java.util.ArrayList<>();
        breaker.onOpened(announced::add);
        breaker.openedElsewhere(3_000 * MS);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isEqualTo(DENIED);
        assertThat(announced).as("not echoed back to the cluster").isEmpty();
        now.addAndGet(3_000 * MS);
        // from here this node's own probe decides, as for an opening of its own
        CircuitBreaker.Permit probe = breaker.tryAcquire();
        assertThat(probe).isEqualTo(CircuitBreaker.Permit.PROBE);
        breaker.onSuccess(probe);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anOpeningElsewhereLeavesAHalfOpenBreakerToItsOwnProbe() {
        for (int i = 0; i < 5; i++) {
            breaker.onFailure(breaker.tryAcquire());
        }
        now.addAndGet(1_000 * MS);
        CircuitBreaker.Permit probe = breaker.tryAcquire();
        breaker.openedElsewhere(60_000 * MS);
        breaker.onSuccess(probe);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
