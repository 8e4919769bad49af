package dev.tollgate.core.ledger;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.ModelAccess;
import dev.tollgate.spi.store.PricingGroup;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PricingGroupsTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static Caller in(String group) {
        return new Caller("key_1", "tg-abc", "org_1", null, "user_1", ModelAccess.of(List.of()), List.of(), true, group);
    }

    private static PricingGroup group(String name, String multiplier, Map<String, String> ratios) {
        Map<String, BigDecimal> exact = new java.util.HashMap<>();
        ratios.forEach((m, r) -> exact.put(m, new BigDecimal(r)));
        return new PricingGroup(name, new BigDecimal(multiplier), exact, T0, T0);
    }

    private static PricingGroups groups(PricingGroup... groups) {
        PricingGroups g = new PricingGroups();
        g.replace(List.of(groups));
        return g;
    }

    @Test
    void aCallerInNoGroupIsChargedTheCost() {
        PricingGroups g = groups(group("resale", "1.5", Map.of()));
        assertThat(g.charge(in(null), "gpt-4o", 1_234_567)).isEqualTo(1_234_567);
    }

    @Test
    void aCallerInAGroupThisNodeDoesNotKnowIsChargedTheCost() {
        PricingGroups g = groups(group("resale", "1.5", Map.of()));
        assertThat(g.charge(in("gone"), "gpt-4o", 1_000)).isEqualTo(1_000);
    }

    @Test
    void chargesAreCostTimesMultiplierTimesTheModelsRatioRoundedHalfUpOnce() {
        PricingGroups g = groups(group("resale", "1.2", Map.of("gpt-4o", "1.25", "cheap", "0.333")));

        // model with a ratio: factor 1.2 × 1.25 = 1.5 exactly; 1,234,567 × 1.5 = 1,851,850.5 → half-up 1,851,851
        assertThat(g.charge(in("resale"), "gpt-4o", 1_234_567)).isEqualTo(1_851_851);
        // model without a ratio: the multiplier alone; 1,000,001 × 1.2 = 1,200,001.2 → 1,200,001
        assertThat(g.charge(in("resale"), "other", 1_000_001)).isEqualTo(1_200_001);
        // factor 1.2 × 0.333 = 0.3996; 5 × 0.3996 = 1.998 → 2. Rounding each factor first would give
        // 5 × 0.4 = 2 as well, so also: 1,250 × 0.3996 = 499.5 → 500 (half-up), where 1,250 × 0.4 = 500 and
        // 1,250 × 1.2 = 1,500 then × 0.333 = 499.5 → 500: the same; and 3 × 0.3996 = 1.1988 → 1
        assertThat(g.charge(in("resale"), "cheap", 5)).isEqualTo(2);
        assertThat(g.charge(in("resale"), "cheap", 1_250)).isEqualTo(500);
        assertThat(g.charge(in("resale"), "cheap", 3)).isEqualTo(1);
        // a model the client did not name (null): the multiplier; 7 × 1.2 = 8.4 → 8
        assertThat(g.charge(in("resale"), null, 7)).isEqualTo(8);
    }

    @Test
    void roundingOnceDiffersFromRoundingTwice() {
        // factor 1.5 × 1.5 = 2.25. 3 × 2.25 = 6.75 → 7 (once). Rounding after each factor: 3 × 1.5 = 4.5 → 5,
        // then 5 × 1.5 = 7.5 → 8. The charge must be 7.
        PricingGroups g = groups(group("g", "1.5", Map.of("m", "1.5")));
        assertThat(g.charge(in("g"), "m", 3)).isEqualTo(7);
    }

    @Test
    void aFreeGroupChargesNothingAndAWholeMultiplierKeepsExactIntegers() {
        PricingGroups g = groups(group("free", "0", Map.of()), group("double", "2", Map.of("m", "3")));
        assertThat(g.charge(in("free"), "m", 999_999_999)).isZero();
        // 2 × 3 = 6; 123,456,789 × 6 = 740,740,734
        assertThat(g.charge(in("double"), "m", 123_456_789)).isEqualTo(740_740_734);
    }

    @Test
    void productsBeyondALongGoExactlyThroughBigDecimal() {
        ChargeFactor f = ChargeFactor.of(new BigDecimal("999.999999999"));
        long cost = 9_000_000_000_000_000L; // 9e18 nano-USD × 999.999999999 overflows any long before dividing
        assertThat(f.apply(cost / 1000)).isEqualTo(8_999_999_999_991_000L);
        // 9e15 × 999.999999999 = 8,999,999,999,991,000 exactly (9e15 × 1e-9 = 9e6 below 9e18)
    }

    @Test
    void theLongPathAgreesWithBigDecimalEverywhere() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            // factors up to 5,000 with up to 9 decimals; costs up to a million dollars, so the products of the
            // unscaled values overflow a long in part of the draws (the BigDecimal path) and fit in the rest
            BigDecimal factor = BigDecimal.valueOf(random.nextLong(0, 5_000_000), random.nextInt(3, 10));
            long cost = random.nextBoolean() ? random.nextLong(0, 10_000_000_000L) : random.nextLong(0, 1_000_000_000_000_000L);
            long expected = BigDecimal.valueOf(cost).multiply(factor).setScale(0, RoundingMode.HALF_UP).longValueExact();
            assertThat(ChargeFactor.of(factor).apply(cost)).as("%d × %s", cost, factor).isEqualTo(expected);
        }
    }

    @Test
    void aChargeBeyondALongIsClampedNotAFailure() {
        assertThat(ChargeFactor.of(new BigDecimal("1000")).apply(Long.MAX_VALUE / 10)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void negativeCostsRoundHalfAwayFromZeroLikeBigDecimal() {
        // -5 × 1.5 = -7.5 → -8 (HALF_UP rounds ties away from zero)
        assertThat(ChargeFactor.of(new BigDecimal("1.5")).apply(-5)).isEqualTo(-8);
    }

    @Test
    void chargingAMemberAllocatesNothing() {
        PricingGroups g = groups(group("resale", "1.2", Map.of("gpt-4o", "1.25")));
        Caller caller = in("resale");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 10_000; i++) { // warm up (escape analysis, JIT)
            sum += g.charge(caller, "gpt-4o", i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sum += g.charge(caller, "gpt-4o", 1_000 + i);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum).isPositive();
        System.out.printf("100,000 charges in a group allocated %d bytes%n", allocated);
        assertThat(allocated).as("bytes allocated by 100,000 charges").isLessThan(100_000);
    }
}
