package dev.tollgate.state.redis;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.ModelAccess;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.ledger.Account;
import dev.tollgate.core.ledger.BudgetAlert;
import dev.tollgate.core.ledger.Ledger;
import dev.tollgate.core.ledger.LedgerDefinitions;
import dev.tollgate.core.ledger.LedgerMetrics;
import dev.tollgate.core.ledger.LedgerState;
import dev.tollgate.core.ledger.Reservation;
import dev.tollgate.spi.store.Budget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger over the real Redis at TOLLGATE_TEST_REDIS_URL, each test under its own key prefix. */
class RedisLedgerStateTest {

    static final Caller CALLER = new Caller("key_1", "tg-abc", "org_1", "team_1", "user_1",
            ModelAccess.of(List.of()), List.of(), false, null);
    static final GatewayConfig.Ledger CLOSED = GatewayConfig.Ledger.DEFAULTS;

    Vertx vertx;
    RedisLedgerState state;
    RedisAPI raw;
    Redis rawClient;
    String prefix;
    final Clock clock = Clock.systemUTC();
    final Map<String, Long> charged = new ConcurrentHashMap<>();
    final List<BudgetAlert> alerts = new CopyOnWriteArrayList<>();
    final AtomicInteger hydrations = new AtomicInteger();

    static String redisUrl() {
        String url = System.getenv("TOLLGATE_TEST_REDIS_URL");
        if ((url == null || url.isBlank()) && "1".equals(System.getenv("TOLLGATE_TEST_REQUIRE_SERVICES"))) {
            throw new IllegalStateException("TOLLGATE_TEST_REDIS_URL is not set but TOLLGATE_TEST_REQUIRE_SERVICES=1");
        }
        return url == null || url.isBlank() ? null : url;
    }

    @BeforeEach
    void start() {
        String url = redisUrl();
        Assumptions.assumeTrue(url != null, "no Redis (TOLLGATE_TEST_REDIS_URL)");
        vertx = Vertx.vertx();
        prefix = "test-" + UUID.randomUUID() + ":";
        state = new RedisLedgerState(vertx, url, prefix);
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

    static <T> T await(Future<T> f) {
        try {
            return f.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Budget budget(String id, String kind, String scope, long amount, boolean hard, Integer... thresholds) {
        Instant now = Instant.now();
        return new Budget(id, kind, scope, amount, "daily", "UTC", hard, List.of(thresholds), null, now, now);
    }

    Ledger ledger(LedgerState s, List<Budget> budgets, Map<String, Long> prepaid) {
        LedgerDefinitions defs = new LedgerDefinitions(budgets, prepaid);
        return new Ledger(() -> defs, s, (kind, id, from) -> {
            hydrations.incrementAndGet();
            return Future.succeededFuture(charged.getOrDefault(kind + ":" + id, 0L));
        }, alerts::add, LedgerMetrics.discard(), clock);
    }

    Reservation reserve(Ledger ledger, long amount) {
        return await(ledger.reserve(CALLER, amount, CLOSED));
    }

    @Test
    void reservesAllOrNoneAndHydratesMissingCountersFromTheDatabase() {
        charged.put("team:team_1", 100L);
        Ledger ledger = ledger(state, List.of(budget("bk", "key", "key_1", 1_000, true),
                budget("bt", "team", "team_1", 400, true)), Map.of());
        Reservation first = reserve(ledger, 250);
        assertThat(first.granted()).isTrue();
        assertThat(hydrations).hasValue(2);
        Reservation second = reserve(ledger, 100); // team: 100 spent + 250 reserved + 100 > 400
        assertThat(second.refusal().code()).isEqualTo("budget_exceeded");
        assertThat(await(state.read(first.accounts().get(0))).reserved()).isEqualTo(250); // the key's: untouched
        assertThat(hydrations).hasValue(2);
    }

    @Test
    void settlesToTheActualChargeAndRefundsFailures() {
        Ledger ledger = ledger(state, List.of(budget("bk", "key", "key_1", 1_000, true)), Map.of());
        Reservation a = reserve(ledger, 600);
        Reservation b = reserve(ledger, 400);
        assertThat(reserve(ledger, 1).granted()).isFalse();
        assertThat(await(ledger.settle(a, 123, "req_a"))).isEqualTo(123);
        assertThat(await(ledger.settle(b, 0, "req_b"))).isZero();
        LedgerState.Counter c = await(state.read(a.accounts().get(0)));
        assertThat(c.spent()).isEqualTo(123);
        assertThat(c.reserved()).isZero();
    }

    @Test
    void aPrepaidBalanceIsClampedAtZero() {
        Ledger ledger = ledger(state, List.of(), Map.of("user_1", 1_000L));
        Reservation r = reserve(ledger, 900);
        assertThat(await(ledger.settle(r, 5_000, "req_1"))).isEqualTo(1_000);
        LedgerState.Counter c = await(state.read(r.accounts().get(0)));
        assertThat(c.spent()).isEqualTo(1_000);
        assertThat(c.reserved()).isZero();
        Reservation refused = reserve(ledger, 1);
        assertThat(refused.refusal().status()).isEqualTo(402);
    }

    @Test
    void thresholdsAreAnnouncedOncePerPeriodAcrossNodes() {
        List<Budget> budgets = List.of(budget("bk", "key", "key_1", 1_000, false, 50, 90));
        Ledger nodeA = ledger(state, budgets, Map.of());
        RedisLedgerState otherConnection = new RedisLedgerState(vertx, redisUrl(), prefix);
        Ledger nodeB = ledger(otherConnection, budgets, Map.of());
        for (int i = 0; i < 10; i++) {
            Ledger node = i % 2 == 0 ? nodeA : nodeB;
            await(node.settle(reserve(node, 100), 100, "req_" + i));
        }
        otherConnection.close();
        assertThat(alerts).extracting(BudgetAlert::thresholdPercent).containsExactly(50, 90);
    }

    @Test
    void twoHundredConcurrentCallsAgainstABudgetForAHundredSpendAtMostTheBudget() {
        long price = 1_000_000; // 1 milli-USD per call
        Ledger nodeA = ledger(state, List.of(budget("bk", "org", "org_1", 100 * price, true)), Map.of("user_1", 100 * price));
        RedisLedgerState otherConnection = new RedisLedgerState(vertx, redisUrl(), prefix);
        Ledger nodeB = ledger(otherConnection, List.of(budget("bk", "org", "org_1", 100 * price, true)),
                Map.of("user_1", 100 * price));
        List<Future<Long>> calls = new ArrayList<>();
        AtomicInteger granted = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            Ledger node = i % 2 == 0 ? nodeA : nodeB;
            boolean fails = i % 4 == 0;
            calls.add(node.reserve(CALLER, price, CLOSED).compose(r -> {
                if (!r.granted()) {
                    return Future.succeededFuture(0L);
                }
                granted.incrementAndGet();
                return node.settle(r, fails ? 0 : price, "req");
            }));
        }
        await(Future.all(calls));
        otherConnection.close();
        assertThat(granted.get()).isBetween(100, 200); // refunds free room for later calls
        Reservation probe = reserve(nodeA, 0);
        for (Account a : probe.accounts()) {
            LedgerState.Counter c = await(state.read(a));
            assertThat(c.spent()).isLessThanOrEqualTo(100 * price);
            assertThat(c.reserved()).isZero();
        }
    }

    @Test
    void countersLiveUnderTheOrganisationsHashTagAndExpireAfterTheirPeriod() {
        Ledger ledger = ledger(state, List.of(budget("bk", "key", "key_1", 1_000, true)), Map.of("user_1", 10L));
        Reservation r = reserve(ledger, 1);
        Account daily = r.accounts().get(0);
        String key = state.key(daily);
        assertThat(key).startsWith(prefix + "ledger:{org_1}:budget:bk:");
        long ttl = await(raw.ttl(key)).toLong();
        long untilEnd = daily.window().end().getEpochSecond() - Instant.now().getEpochSecond();
        assertThat(ttl).isBetween(untilEnd, untilEnd + 3_600 + 5);
        assertThat(await(raw.ttl(state.key(r.accounts().get(1)))).toLong()).isEqualTo(-1); // a balance never expires
    }

    @Test
    void scriptsMissingFromTheServerAreSentAgain() {
        Ledger ledger = ledger(state, List.of(budget("bk", "key", "key_1", 1_000, true)), Map.of());
        assertThat(reserve(ledger, 1).granted()).isTrue();
        await(raw.script(List.of("FLUSH")));
        assertThat(reserve(ledger, 1).granted()).isTrue();
    }

    @Test
    void anUnreachableRedisFailsClosedOrOpenAsConfigured() {
        RedisLedgerState nowhere = new RedisLedgerState(vertx, "redis://127.0.0.1:1", prefix);
        Ledger ledger = ledger(nowhere, List.of(budget("bk", "key", "key_1", 1_000, true)), Map.of());
        Reservation closed = reserve(ledger, 1);
        assertThat(closed.refusal().status()).isEqualTo(503);
        GatewayConfig.Ledger open = new GatewayConfig.Ledger(true, 2_000, 4_096, 64, null, null);
        assertThat(await(ledger.reserve(CALLER, 1, open))).isSameAs(Reservation.NONE);
        nowhere.close();
    }
}
