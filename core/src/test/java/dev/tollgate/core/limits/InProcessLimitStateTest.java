package dev.tollgate.core.limits;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The sliding windows and concurrency leases, with a clock moved by hand. */
class InProcessLimitStateTest {

    // a bucket boundary, so the arithmetic below is exact
    final TestClock clock = new TestClock(1_700_000_040_000L);
    final InProcessLimitState state = new InProcessLimitState(clock);

    LimitState.Outcome acquire(List<Limit> limits, long tokens, String lease) {
        return state.acquire(limits, tokens, lease, 10_000).result();
    }

    @Test
    void aRequestWindowTakesItsLimitAndNoMoreWithinAMinute() {
        List<Limit> rpm = List.of(Limit.rpm("key", "k1", 60));
        for (int i = 0; i < 60; i++) {
            clock.advance(500); // 60 calls over 30 s
            assertThat(acquire(rpm, 0, "r" + i).granted()).isTrue();
        }
        LimitState.Outcome refused = acquire(rpm, 0, "r60");
        assertThat(refused.granted()).isFalse();
        assertThat(refused.remaining()[0]).isZero();
        // the first calls went into the bucket starting at +0 s: it leaves the window at +60 s
        assertThat(refused.retryAfterMs()).isEqualTo(60_000 - 30_000);
        clock.advance(refused.retryAfterMs() - 1);
        assertThat(acquire(rpm, 0, "early").granted()).isFalse();
        clock.advance(1);
        assertThat(acquire(rpm, 0, "room again").granted()).isTrue();
    }

    @Test
    void remainingAndResetDescribeTheWindowAfterTheCall() {
        List<Limit> rpm = List.of(Limit.rpm("key", "k1", 10));
        clock.advance(250);
        LimitState.Outcome first = acquire(rpm, 0, "a");
        assertThat(first.remaining()[0]).isEqualTo(9);
        assertThat(first.resetMs()[0]).isEqualTo(60_000 - 250);
    }

    @Test
    void aCallTakesEveryLimitOrNone() {
        List<Limit> both = List.of(Limit.rpm("key", "k1", 100), Limit.rpm("team", "t1", 1));
        assertThat(acquire(both, 0, "a").granted()).isTrue();
        LimitState.Outcome refused = acquire(both, 0, "b");
        assertThat(refused.refused()).isEqualTo(1);
        // the key's window was not charged for the refused call
        assertThat(acquire(List.of(Limit.rpm("key", "k1", 100)), 0, "c").remaining()[0]).isEqualTo(98);
    }

    @Test
    void tokensAreReservedOnEntryAndCorrectedOnSettle() {
        List<Limit> tpm = List.of(Limit.tpm("key", "k1", 1_000));
        LimitState.Outcome first = acquire(tpm, 800, "a");
        assertThat(first.remaining()[0]).isEqualTo(200);
        assertThat(acquire(tpm, 300, "b").granted()).isFalse();
        clock.advance(2_000);
        state.settle(tpm, first.nowMs(), 100 - 800, "a"); // it used 100 of the 800 reserved
        LimitState.Outcome second = acquire(tpm, 300, "b");
        assertThat(second.granted()).isTrue();
        assertThat(second.remaining()[0]).isEqualTo(600);
    }

    @Test
    void aCorrectionForABucketThatLeftTheWindowIsDropped() {
        List<Limit> tpm = List.of(Limit.tpm("key", "k1", 1_000));
        LimitState.Outcome first = acquire(tpm, 500, "a");
        clock.advance(61_000);
        state.settle(tpm, first.nowMs(), 400, "a");
        assertThat(acquire(tpm, 1_000, "b").granted()).isTrue();
    }

    @Test
    void aRequestLargerThanTheLimitIsRefusedForAWholePeriod() {
        LimitState.Outcome o = acquire(List.of(Limit.tpm("key", "k1", 100)), 101, "a");
        assertThat(o.granted()).isFalse();
        assertThat(o.retryAfterMs()).isEqualTo(60_000);
    }

    @Test
    void perSecondWindowsSlideInTenthsOfASecond() {
        List<Limit> rps = List.of(Limit.rps("key", "k1", 2));
        assertThat(acquire(rps, 0, "a").granted()).isTrue();
        clock.advance(300);
        assertThat(acquire(rps, 0, "b").granted()).isTrue();
        LimitState.Outcome refused = acquire(rps, 0, "c");
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAfterMs()).isEqualTo(700);
        clock.advance(700);
        assertThat(acquire(rps, 0, "c").granted()).isTrue();
    }

    @Test
    void concurrencySlotsAreFreedOnSettle() {
        List<Limit> two = List.of(Limit.concurrency("key", "k1", 2));
        assertThat(acquire(two, 0, "a").granted()).isTrue();
        assertThat(acquire(two, 0, "b").granted()).isTrue();
        assertThat(acquire(two, 0, "c").granted()).isFalse();
        state.settle(two, clock.millis(), 0, "a");
        assertThat(acquire(two, 0, "c").granted()).isTrue();
    }

    @Test
    void aLeaseNobodySettlesExpires() {
        List<Limit> one = List.of(Limit.concurrency("key", "k1", 1));
        assertThat(acquire(one, 0, "crashed").granted()).isTrue(); // its node died: never settled
        clock.advance(9_999);
        assertThat(acquire(one, 0, "b").granted()).isFalse();
        clock.advance(1);
        assertThat(acquire(one, 0, "b").granted()).isTrue();
    }

    @Test
    void aShareDividesTheLimitAmongNodesButNeverBelowOne() {
        assertThat(Limit.rpm("key", "k", 60).share(2).max()).isEqualTo(30);
        assertThat(Limit.rpm("key", "k", 1).share(3).max()).isEqualTo(1);
    }
}
