package dev.tollgate.core.queue;

import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.core.config.Strategy;
import dev.tollgate.core.metering.PriceTable;
import dev.tollgate.core.routing.Route;
import dev.tollgate.core.routing.Router;
import dev.tollgate.core.routing.RoutingState;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capacity queue against the real router and routing state, on a fake clock: time only moves when the test
 * says, timers fire when it passes their moment, so a burst over minutes takes milliseconds.
 */
class FairQueueTest {

    private static final long SECOND = 1_000_000_000L;

    private long now = 1_000_000 * SECOND;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));
    private final RoutingState state = new RoutingState(() -> now);
    private final SplittableRandom random = new SplittableRandom(7);
    private final Router router = new Router(state, () -> random);
    private final FairQueue queue = new FairQueue((delay, task) -> timers.add(new Timer(now + delay, task)));
    private final Map<String, ProviderSettings> providers = Map.of("p", new ProviderSettings("p", "openai",
            "http://127.0.0.1:1/v1", List.of(new Secret("sk-1")), Map.of(), Map.of(), 1000, 1000));
    private final PriceTable prices = PriceTable.withOverrides(List.of());
    private final List<Grant> grants = new ArrayList<>();
    private final List<Grant> timeouts = new ArrayList<>();

    private record Timer(long due, Runnable task) {
    }

    private record Grant(String tenant, long at, Route route) {
    }

    {
        state.onSlotFreed(queue::capacityFreed);
    }

    @Test
    void aBurstAgainstAnRpmCapIsServedAsTheWindowRollsAndNothingFailsBeforeItsWait() {
        GatewayConfig.ModelGroup group = group(60, 0);
        enqueueBurst(group, 200, 100, 1, 30 * SECOND);

        assertThat(grants).hasSize(60); // the cap's worth at once
        advance(29 * SECOND + SECOND / 2);
        assertThat(timeouts).as("nobody gives up before the 30 s wait ran out").isEmpty();
        assertThat(grants).hasSize(60);
        advance(SECOND);
        assertThat(timeouts).hasSize(240).allSatisfy(t -> assertThat(t.at() - start).isEqualTo(30 * SECOND));
        assertThat(grants).allSatisfy(g -> assertThat(g.at()).isEqualTo(start)); // a's first 60, served on arrival
    }

    @Test
    void aLongerWaitIsGrantedWhenTheMinuteWindowRollsWithOneTimerAtItsBoundary() {
        GatewayConfig.ModelGroup group = group(60, 0);
        enqueueBurst(group, 200, 100, 1, 150 * SECOND);
        assertThat(grants).hasSize(60);
        assertThat(timers).extracting(Timer::due).contains(start + 60 * SECOND); // not a polling loop
        assertThat(timers.stream().filter(t -> t.due() < start + 30 * SECOND)).isEmpty();

        advance(60 * SECOND);
        assertThat(grants).hasSize(120);
        assertThat(grants.subList(60, 120)).allSatisfy(g -> assertThat(g.at() - start).isEqualTo(60 * SECOND));
        advance(60 * SECOND);
        assertThat(grants).hasSize(180);
        assertThat(timeouts).isEmpty();
        advance(30 * SECOND);
        assertThat(timeouts).hasSize(120);
        // the first 60 of a were served on arrival; of the 120 granted while both waited, half went to b
        assertThat(grants.subList(60, 180).stream().filter(g -> g.tenant().equals("b")).count()).isEqualTo(60);
    }

    @Test
    void aConcurrencyCapGrantsAsCallsEndAndSharesFairlyBetweenTenants() {
        GatewayConfig.ModelGroup group = group(0, 4);
        enqueueBurst(group, 200, 100, 1, 30 * SECOND);
        assertThat(grants).hasSize(4);
        int served = 0;
        while (served < grants.size()) {
            advance(SECOND / 100);
            grants.get(served++).route().succeeded(SECOND / 100); // a call ends: its slot goes to the next waiter
        }
        assertThat(grants).hasSize(300);
        assertThat(timeouts).isEmpty();
        // the first 4 of a were served on arrival; a queued its other 196 before b's 100: FIFO would give b none of
        // the next 100 grants, fair share half
        long bInNextHundred = grants.subList(4, 104).stream().filter(g -> g.tenant().equals("b")).count();
        assertThat(bInNextHundred).isBetween(49L, 51L);
        assertThat(queue.depth("m")).isZero();
    }

    @Test
    void weightsSplitTheGrantsInProportion() {
        GatewayConfig.ModelGroup group = group(0, 1);
        for (int i = 0; i < 100; i++) {
            queue.enqueue(waiter(group, "heavy", 2, 0), 1_000);
            queue.enqueue(waiter(group, "light", 1, 0), 1_000);
        }
        for (int i = 0; i < 90; i++) {
            grants.get(i).route().succeeded(1);
        }
        long heavy = grants.subList(0, 90).stream().filter(g -> g.tenant().equals("heavy")).count();
        assertThat(heavy).isBetween(59L, 61L);
    }

    @Test
    void aHigherPriorityClassIsGrantedFirst() {
        GatewayConfig.ModelGroup group = group(0, 1);
        for (int i = 0; i < 5; i++) {
            queue.enqueue(waiter(group, "batch", 1, 0), 1_000);
        }
        queue.enqueue(waiter(group, "interactive", 1, 10), 1_000);
        grants.get(0).route().succeeded(1);
        assertThat(grants.get(1).tenant()).isEqualTo("interactive");
    }

    @Test
    void aFullQueueRefusesAndALeavingCallIsForgotten() {
        GatewayConfig.ModelGroup group = group(0, 1);
        queue.enqueue(waiter(group, "a", 1, 0), 2); // granted at once
        Waiter first = waiter(group, "a", 1, 0);
        assertThat(queue.enqueue(first, 2)).isTrue();
        assertThat(queue.enqueue(waiter(group, "a", 1, 0), 2)).isTrue();
        assertThat(queue.enqueue(waiter(group, "a", 1, 0), 2)).as("two already wait").isFalse();
        assertThat(queue.leave(first)).isTrue();
        assertThat(queue.depth("m")).isEqualTo(1);
        grants.get(0).route().succeeded(1);
        assertThat(grants).hasSize(2);
        assertThat(queue.leave(first)).as("already gone").isFalse();
    }

    @Test
    void queueSettingsResolveTenantsWeightsAndPriorities() {
        QueueSettings s = new QueueSettings(1_000, 10, QueueSettings.FairShare.TEAM, Map.of("t1", 3),
                Map.of("k1", 5, "t2", 2), Map.of("m", new QueueSettings.Limits(500, 3)));
        assertThat(s.fairShare().tenantOf("k1", "t1", "o1")).isEqualTo("t1");
        assertThat(s.fairShare().tenantOf("k1", null, "o1")).isEqualTo("o1");
        assertThat(s.weightOf("t1")).isEqualTo(3);
        assertThat(s.weightOf("other")).isEqualTo(1);
        assertThat(s.priorityOf("k1", "t2", "o1")).isEqualTo(5);
        assertThat(s.priorityOf("k9", "t2", "o1")).isEqualTo(2);
        assertThat(s.limitsFor("m")).isEqualTo(new QueueSettings.Limits(500, 3));
        assertThat(s.limitsFor("n")).isEqualTo(new QueueSettings.Limits(1_000, 10));
    }

    private long start;

    private void enqueueBurst(GatewayConfig.ModelGroup group, int a, int b, int weight, long maxWait) {
        start = now;
        for (int i = 0; i < a; i++) {
            enqueueWithTimeout(waiter(group, "a", weight, 0), maxWait);
        }
        for (int i = 0; i < b; i++) {
            enqueueWithTimeout(waiter(group, "b", weight, 0), maxWait);
        }
    }

    /** What Failover does: a timer of the waiter's own that takes it out when its wait runs out. */
    private void enqueueWithTimeout(Waiter w, long maxWait) {
        timers.add(new Timer(now + maxWait, () -> {
            if (queue.leave(w)) {
                timeouts.add(new Grant(w.tenant(), now, null));
            }
        }));
        assertThat(queue.enqueue(w, 1_000)).isTrue();
    }

    private void advance(long nanos) {
        long until = now + nanos;
        while (!timers.isEmpty() && timers.peek().due() <= until) {
            Timer t = timers.poll();
            now = Math.max(now, t.due());
            t.task().run();
        }
        now = until;
    }

    private Waiter waiter(GatewayConfig.ModelGroup g, String tenant, int weight, int priority) {
        return new Waiter(g.name(), tenant, weight, priority, now) {
            @Override
            protected Route tryAcquire() {
                return router.choose(g, List.of(), List.of(), providers, prices, false);
            }

            @Override
            protected void granted(Route route) {
                grants.add(new Grant(tenant, now, route));
            }

            @Override
            protected long nanosUntilWindowRolls() {
                return router.nanosUntilWindowRolls(g, List.of(), providers);
            }
        };
    }

    private static GatewayConfig.ModelGroup group(int rpm, int maxConcurrent) {
        return new GatewayConfig.ModelGroup("m", List.of(), Strategy.WEIGHTED,
                List.of(new GatewayConfig.Deployment("d", "p", "x", 1, 0, List.of(), rpm, 0, maxConcurrent, 0)),
                List.of(), List.of(), List.of(), RoutingPolicy.DEFAULTS);
    }
}
