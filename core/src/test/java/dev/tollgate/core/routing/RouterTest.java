package dev.tollgate.core.routing;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.core.config.Strategy;
import dev.tollgate.core.metering.Price;
import dev.tollgate.core.metering.PriceTable;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RouterTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(5_000_000 * MS);
    private final RoutingState state = new RoutingState(now::get);
    private final SplittableRandom random = new SplittableRandom(20261125);
    private final Router router = new Router(state, () -> random);
    private final PriceTable prices = PriceTable.withOverrides(List.of(
            GatewayConfig.PriceEntry.global("cheap-model", Price.of(new BigDecimal("0.1"), new BigDecimal("0.4"))),
            GatewayConfig.PriceEntry.global("dear-model", Price.of(new BigDecimal("3"), new BigDecimal("15")))));
    private final Map<String, ProviderSettings> providers = new HashMap<>(Map.of(
            "a", provider("a", 1), "b", provider("b", 1), "c", provider("c", 3)));

    @Test
    void weightedChoiceFollowsTheWeights() {
        GatewayConfig.ModelGroup group = group(Strategy.WEIGHTED, deployment("a", 3, 0, List.of()),
                deployment("b", 1, 0, List.of()));
        Map<String, Integer> counts = countChoices(group, 20_000, List.of());
        assertThat(counts.get("a") / 20_000.0).isCloseTo(0.75, within(0.02));
    }

    @Test
    void powerOfTwoChoicesPrefersTheLessBusyDeployment() {
        GatewayConfig.ModelGroup group = group(Strategy.P2C, deployment("a", 1, 0, List.of()),
                deployment("b", 1, 0, List.of()));
        for (int i = 0; i < 5; i++) { // five calls stay in flight on a
            router.choose(group(Strategy.PRIORITY, deployment("a", 1, 0, List.of())), List.of(), List.of(),
                    providers, prices, false);
        }
        // the in-flight calls were made through another group object with the same names: same health
        Map<String, Integer> counts = countChoices(group, 4_000, List.of());
        // a wins only when both draws are a (1/4 of the time)
        assertThat(counts.get("a") / 4_000.0).isCloseTo(0.25, within(0.03));
    }

    @Test
    void priorityUsesTheFirstTierUntilItsBreakerOpens() {
        GatewayConfig.ModelGroup group = group(Strategy.PRIORITY, deployment("a", 1, 0, List.of()),
                deployment("b", 1, 1, List.of()));
        assertThat(countChoices(group, 200, List.of())).containsOnlyKeys("a");
        for (int i = 0; i < 5; i++) {
            router.choose(group, List.of("b"), List.of(), providers, prices, false).failed(Route.Verdict.FAULT, 0);
        }
        assertThat(countChoices(group, 200, List.of())).containsOnlyKeys("b");
    }

    @Test
    void leastLatencyMeasuresEachDeploymentThenPrefersTheFastest() {
        GatewayConfig.ModelGroup group = group(Strategy.LEAST_LATENCY, deployment("a", 1, 0, List.of()),
                deployment("b", 1, 0, List.of()));
        for (int i = 0; i < 2; i++) {
            Route r = router.choose(group, List.of(), List.of(), providers, prices, true);
            r.firstByte(r.deployment().name().equals("a") ? 200 * MS : 20 * MS);
            r.succeeded(300 * MS);
        }
        assertThat(countChoices(group, 100, List.of(), true)).containsOnlyKeys("b");
    }

    @Test
    void cheapestUsesThePriceTable() {
        GatewayConfig.ModelGroup group = GatewayConfig.ModelGroup.of("m", Strategy.CHEAPEST, List.of(
                new GatewayConfig.Deployment("dear", "a", "dear-model", 1, 0, List.of(), 0, 0, 0, 0),
                new GatewayConfig.Deployment("cheap", "b", "cheap-model", 1, 0, List.of(), 0, 0, 0, 0)));
        assertThat(countChoices(group, 100, List.of())).containsOnlyKeys("cheap");
    }

    @Test
    void requestedTagsLimitTheChoice() {
        GatewayConfig.ModelGroup group = group(Strategy.WEIGHTED, deployment("a", 1, 0, List.of("eu", "fast")),
                deployment("b", 1, 0, List.of("us")));
        assertThat(countChoices(group, 100, List.of("eu"))).containsOnlyKeys("a");
        assertThat(router.choose(group, List.of(), List.of("eu", "us"), providers, prices, false)).isNull();
        assertThat(router.nanosUntilAvailable(group, List.of("eu", "us"), providers)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aDeploymentAtItsConcurrencyCapIsSkipped() {
        GatewayConfig.ModelGroup group = GatewayConfig.ModelGroup.of("m", Strategy.WEIGHTED, List.of(
                new GatewayConfig.Deployment("capped", "a", "x", 100, 0, List.of(), 0, 0, 2, 0)));
        Route first = router.choose(group, List.of(), List.of(), providers, prices, false);
        Route second = router.choose(group, List.of(), List.of(), providers, prices, false);
        assertThat(router.choose(group, List.of(), List.of(), providers, prices, false)).isNull();
        first.succeeded(MS);
        assertThat(router.choose(group, List.of(), List.of(), providers, prices, false)).isNotNull();
        second.release();
    }

    @Test
    void aDeploymentOverItsTokensPerMinuteIsSkippedUntilTheMinutePasses() {
        GatewayConfig.ModelGroup group = GatewayConfig.ModelGroup.of("m", Strategy.PRIORITY, List.of(
                new GatewayConfig.Deployment("small", "a", "x", 1, 0, List.of(), 0, 1_000, 0, 0),
                new GatewayConfig.Deployment("spare", "b", "x", 1, 1, List.of(), 0, 0, 0, 0)));
        Route r = router.choose(group, List.of(), List.of(), providers, prices, false);
        assertThat(r.deployment().name()).isEqualTo("small");
        r.succeeded(MS);
        r.tokensUsed(1_000);
        assertThat(countChoices(group, 10, List.of())).containsOnlyKeys("spare");
        now.addAndGet(60_000 * MS);
        assertThat(countChoices(group, 1, List.of())).containsOnlyKeys("small");
    }

    @Test
    void aRateLimitedKeyRestsUntilItsRetryAfterAndTheOtherKeysCarryOn() {
        GatewayConfig.ModelGroup group = group(Strategy.WEIGHTED, deployment("c", 1, 0, List.of()));
        Route limited = router.choose(group, List.of(), List.of(), providers, prices, false);
        Secret restingKey = limited.key();
        limited.failed(Route.Verdict.RATE_LIMITED, 2_000 * MS);
        for (int i = 0; i < 30; i++) {
            Route r = router.choose(group, List.of(), List.of(), providers, prices, false);
            assertThat(r.key()).isNotEqualTo(restingKey);
            r.succeeded(MS);
        }
        now.addAndGet(2_000 * MS);
        boolean used = false;
        for (int i = 0; i < 3; i++) {
            Route r = router.choose(group, List.of(), List.of(), providers, prices, false);
            used |= r.key().equals(restingKey);
            r.succeeded(MS);
        }
        assertThat(used).as("the rested key is back in rotation").isTrue();
    }

    @Test
    void aRateLimitRestsTheKeyForThatDeploymentOnly() {
        GatewayConfig.ModelGroup group = group(Strategy.WEIGHTED, deployment("a", 1, 0, List.of()));
        GatewayConfig.ModelGroup other = GatewayConfig.ModelGroup.of("other", Strategy.WEIGHTED, List.of(
                new GatewayConfig.Deployment("a", "a", "y", 1, 0, List.of(), 0, 0, 0, 0)));
        router.choose(group, List.of(), List.of(), providers, prices, false).failed(Route.Verdict.RATE_LIMITED, 5_000 * MS);
        assertThat(router.choose(group, List.of(), List.of(), providers, prices, false)).isNull();
        assertThat(router.choose(other, List.of(), List.of(), providers, prices, false)).isNotNull();
    }

    @Test
    void aDeploymentWhoseOnlyKeyIsRejectedIsNotChosenAndTheWaitIsKnown() {
        GatewayConfig.ModelGroup group = group(Strategy.WEIGHTED, deployment("a", 1, 0, List.of()),
                deployment("b", 1, 0, List.of()));
        Route a = router.choose(group, List.of("b"), List.of(), providers, prices, false);
        a.failed(Route.Verdict.KEY_REJECTED, 0);
        assertThat(countChoices(group, 100, List.of())).containsOnlyKeys("b");
        Route b = router.choose(group, List.of(), List.of(), providers, prices, false);
        b.failed(Route.Verdict.RATE_LIMITED, 3_000 * MS);
        assertThat(router.choose(group, List.of(), List.of(), providers, prices, false)).isNull();
        assertThat(router.nanosUntilAvailable(group, List.of(), providers)).isEqualTo(3_000 * MS);
    }

    @Test
    void hedgesAreCappedAtTheirShareOfTheGroupsCallsInTheLastMinute() {
        GatewayConfig.ModelGroup group = new GatewayConfig.ModelGroup("m", List.of(), Strategy.WEIGHTED,
                List.of(deployment("a", 1, 0, List.of())), List.of(), List.of(), List.of(),
                new RoutingPolicy(RoutingPolicy.DEFAULTS.retry(), RoutingPolicy.DEFAULTS.timeouts(),
                        RoutingPolicy.DEFAULTS.breaker(), new RoutingPolicy.Hedge(true, 0, 10)));
        assertThat(router.allowHedge(group)).as("no calls yet, no budget").isFalse();
        for (int i = 0; i < 20; i++) {
            router.countCall(group);
        }
        assertThat(router.allowHedge(group)).isTrue();
        assertThat(router.allowHedge(group)).isTrue();
        assertThat(router.allowHedge(group)).as("10% of 20 calls is 2 hedges").isFalse();
        now.addAndGet(61_000 * MS);
        for (int i = 0; i < 10; i++) {
            router.countCall(group);
        }
        assertThat(router.allowHedge(group)).as("a new minute, a new budget").isTrue();
    }

    @Test
    void aDeploymentsP95TimeToFirstByteIsKnownOnceMeasuredEnough() {
        GatewayConfig.ModelGroup group = group(Strategy.WEIGHTED, deployment("a", 1, 0, List.of()));
        for (int i = 1; i <= 9; i++) {
            Route r = router.choose(group, List.of(), List.of(), providers, prices, true);
            r.firstByte(i * 10 * MS);
            r.succeeded(i * 10 * MS);
        }
        Route r = router.choose(group, List.of(), List.of(), providers, prices, true);
        assertThat(r.ttftP95Nanos()).as("nine samples are too few").isZero();
        r.firstByte(100 * MS);
        r.succeeded(100 * MS);
        assertThat(router.choose(group, List.of(), List.of(), providers, prices, true).ttftP95Nanos())
                .isEqualTo(100 * MS);
    }

    @Test
    void excludedDeploymentsAreNotChosen() {
        GatewayConfig.ModelGroup group = group(Strategy.WEIGHTED, deployment("a", 1, 0, List.of()),
                deployment("b", 1, 0, List.of()));
        assertThat(countChoices(group, 50, List.of(), false, List.of("a"))).containsOnlyKeys("b");
        assertThat(router.choose(group, List.of("a", "b"), List.of(), providers, prices, false)).isNull();
    }

    @Test
    void aReportIsCountedOnceWhateverPathsReportIt() {
        GatewayConfig.ModelGroup group = GatewayConfig.ModelGroup.of("m", Strategy.WEIGHTED, List.of(
                new GatewayConfig.Deployment("one", "a", "x", 1, 0, List.of(), 0, 0, 1, 0)));
        Route r = router.choose(group, List.of(), List.of(), providers, prices, false);
        r.failed(Route.Verdict.HEALTHY, 0);
        r.release();
        r.succeeded(MS);
        assertThat(state.deployment(group, group.deployments().get(0), 1).inFlight()).isZero();
    }

    private Map<String, Integer> countChoices(GatewayConfig.ModelGroup group, int calls, List<String> tags) {
        return countChoices(group, calls, tags, false);
    }

    private Map<String, Integer> countChoices(GatewayConfig.ModelGroup group, int calls, List<String> tags,
                                              boolean stream) {
        return countChoices(group, calls, tags, stream, List.of());
    }

    private Map<String, Integer> countChoices(GatewayConfig.ModelGroup group, int calls, List<String> tags,
                                              boolean stream, List<String> exclude) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            Route r = router.choose(group, exclude, tags, providers, prices, stream);
            counts.merge(r.deployment().name(), 1, Integer::sum);
            r.firstByte(50 * MS);
            r.succeeded(100 * MS);
        }
        return counts;
    }

    private static GatewayConfig.ModelGroup group(Strategy strategy, GatewayConfig.Deployment... deployments) {
        return new GatewayConfig.ModelGroup("m", List.of(), strategy, List.of(deployments), List.of(), List.of(),
                List.of(), RoutingPolicy.DEFAULTS);
    }

    /** A deployment named after its provider. */
    private static GatewayConfig.Deployment deployment(String provider, int weight, int priority, List<String> tags) {
        return new GatewayConfig.Deployment(provider, provider, "x", weight, priority, tags, 0, 0, 0, 0);
    }

    private static ProviderSettings provider(String name, int keys) {
        List<Secret> secrets = java.util.stream.IntStream.range(0, keys)
                .mapToObj(i -> new Secret("sk-" + name + "-" + i)).toList();
        return new ProviderSettings(name, "openai", "http://127.0.0.1:1/v1", secrets, Map.of(), Map.of(), 1000, 1000);
    }
}
