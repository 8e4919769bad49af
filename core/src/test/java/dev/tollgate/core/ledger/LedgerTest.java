package dev.tollgate.core.ledger;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.ModelAccess;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.spi.store.Budget;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine over the in-process state: all-or-none reservations, settle, refund, clamp, hydration, alerts. */
class LedgerTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final GatewayConfig.Ledger CLOSED = GatewayConfig.Ledger.DEFAULTS;
    static final Caller CALLER = new Caller("key_1", "tg-abc", "org_1", "team_1", "user_1", ModelAccess.of(List.of()), List.of(),
            true, null);

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Map<String, Long> charged = new ConcurrentHashMap<>();
    final List<BudgetAlert> alerts = new ArrayList<>();
    final AtomicInteger hydrations = new AtomicInteger();

    static Budget budget(String id, String kind, String scope, long amount, boolean hard, Integer... thresholds) {
        return new Budget(id, kind, scope, amount, "daily", "UTC", hard, List.of(thresholds), null, NOW, NOW);
    }

    Ledger ledger(LedgerState state, List<Budget> budgets, Map<String, Long> prepaid) {
        LedgerDefinitions defs = new LedgerDefinitions(budgets, prepaid);
        Hydration fromDatabase = (kind, id, from) -> {
            hydrations.incrementAndGet();
            return Future.succeededFuture(charged.getOrDefault(kind + ":" + id, 0L));
        };
        return new Ledger(() -> defs, state, fromDatabase, alerts::add, LedgerMetrics.discard(), clock);
    }

    Ledger ledger(List<Budget> budgets, Map<String, Long> prepaid) {
        return ledger(new InProcessLedgerState(clock), budgets, prepaid);
    }

    /** Waits for the outcome: a counter another thread is hydrating completes the reservation later. */
    static Reservation reserve(Ledger ledger, long amount) {
        return ledger.reserve(CALLER, amount, CLOSED).toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aCallerWithoutBudgetsGetsTheSharedEmptyReservation() {
        Ledger ledger = ledger(List.of(budget("b1", "key", "other", 100, true)), Map.of("someone", 5L));
        assertThat(ledger.applies(CALLER)).isFalse();
        assertThat(ledger.reserve(CALLER, 10, CLOSED).result()).isSameAs(Reservation.NONE);
        assertThat(hydrations).hasValue(0);
    }

    @Test
    void checkingACallerWithoutBudgetsAllocatesNothing() {
        Ledger ledger = ledger(List.of(budget("b1", "key", "other", 100, true)), Map.of("someone", 5L));
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        for (int i = 0; i < 20_000; i++) { // warm up, so the JIT's own work is not counted
            ledger.applies(CALLER);
            ledger.reserve(CALLER, 10, CLOSED);
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            ledger.applies(CALLER);
            ledger.reserve(CALLER, 10, CLOSED);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(allocated).as("bytes allocated by 100,000 checks").isLessThan(10_000);
    }

    @Test
    void reservesOnEveryAccountOrRefusesOnTheOneThatCannotTakeIt() {
        InProcessLedgerState state = new InProcessLedgerState(clock);
        Ledger ledger = ledger(state, List.of(budget("bk", "key", "key_1", 1_000, true),
                budget("bt", "team", "team_1", 250, true)), Map.of());
        Reservation first = reserve(ledger, 200);
        assertThat(first.granted()).isTrue();
        assertThat(first.accounts()).hasSize(2);
        Reservation second = reserve(ledger, 100); // team: 200 + 100 > 250
        assertThat(second.granted()).isFalse();
        assertThat(second.refusal().status()).isEqualTo(429);
        assertThat(second.refusal().code()).isEqualTo("budget_exceeded");
        assertThat(second.refusal().message()).contains("team 'team_1'");
        // none: the key's budget holds only the first reservation
        Account key = first.accounts().get(0);
        assertThat(state.read(key).result().reserved()).isEqualTo(200);
    }

    @Test
    void settlingReleasesTheReservationAndKeepsTheCharge() {
        InProcessLedgerState state = new InProcessLedgerState(clock);
        Ledger ledger = ledger(state, List.of(budget("bk", "key", "key_1", 1_000, true)), Map.of());
        Reservation r = reserve(ledger, 600);
        assertThat(ledger.settle(r, 150, "req_1").result()).isEqualTo(150);
        LedgerState.Counter c = state.read(r.accounts().get(0)).result();
        assertThat(c.spent()).isEqualTo(150);
        assertThat(c.reserved()).isZero();
        assertThat(reserve(ledger, 850).granted()).isTrue();
        assertThat(reserve(ledger, 1).granted()).isFalse();
    }

    @Test
    void aFailedCallIsRefundedInFull() {
        InProcessLedgerState state = new InProcessLedgerState(clock);
        Ledger ledger = ledger(state, List.of(budget("bk", "key", "key_1", 1_000, true)), Map.of());
        Reservation r = reserve(ledger, 1_000);
        assertThat(reserve(ledger, 1).granted()).isFalse();
        ledger.settle(r, 0, "req_1");
        LedgerState.Counter c = state.read(r.accounts().get(0)).result();
        assertThat(c.spent()).isZero();
        assertThat(c.reserved()).isZero();
        assertThat(reserve(ledger, 1_000).granted()).isTrue();
    }

    @Test
    void softBudgetsNeverRefuseButCount() {
        InProcessLedgerState state = new InProcessLedgerState(clock);
        Ledger ledger = ledger(state, List.of(budget("bs", "org", "org_1", 100, false, 50, 100)), Map.of());
        Reservation r = reserve(ledger, 500);
        assertThat(r.granted()).isTrue();
        ledger.settle(r, 300, "req_1");
        assertThat(state.read(r.accounts().get(0)).result().spent()).isEqualTo(300);
        assertThat(reserve(ledger, 500).granted()).isTrue();
        assertThat(alerts).extracting(BudgetAlert::thresholdPercent).containsExactly(50, 100);
    }

    @Test
    void anExhaustedBalanceRefusesWith402() {
        Ledger ledger = ledger(List.of(), Map.of("user_1", 1_000L));
        charged.put("user:user_1", 900L); // charged before the counter existed
        Reservation r = reserve(ledger, 200);
        assertThat(r.granted()).isFalse();
        assertThat(r.refusal().status()).isEqualTo(402);
        assertThat(r.refusal().code()).isEqualTo("insufficient_balance");
        assertThat(r.refusal().retryPointless()).isTrue();
        assertThat(reserve(ledger, 100).granted()).isTrue();
    }

    @Test
    void aBalanceIsClampedAtZeroWhenTheActualExceedsTheReservation() {
        InProcessLedgerState state = new InProcessLedgerState(clock);
        Ledger ledger = ledger(state, List.of(budget("bu", "user", "user_1", 10_000, true)), Map.of("user_1", 1_000L));
        Reservation r = reserve(ledger, 800);
        long collected = ledger.settle(r, 1_500, "req_1").result(); // more than reserved, more than the balance
        assertThat(collected).isEqualTo(1_000);
        Account balance = r.accounts().get(1);
        assertThat(balance.balance()).isTrue();
        assertThat(state.read(balance).result().spent()).isEqualTo(1_000); // balance exactly zero, never negative
        // the user budget counts what was collected
        assertThat(state.read(r.accounts().get(0)).result().spent()).isEqualTo(1_000);
        assertThat(reserve(ledger, 1).granted()).isFalse();
    }

    @Test
    void missingCountersAreHydratedFromTheDatabaseOnce() {
        charged.put("key:key_1", 700L);
        Ledger ledger = ledger(List.of(budget("bk", "key", "key_1", 1_000, true, 50)), Map.of());
        assertThat(reserve(ledger, 400).granted()).isFalse();
        assertThat(reserve(ledger, 300).granted()).isTrue();
        assertThat(hydrations).hasValue(1);
        assertThat(alerts).isEmpty(); // 50% was passed before this node knew the counter: not announced again
    }

    @Test
    void eachThresholdIsAnnouncedOncePerPeriod() {
        Ledger ledger = ledger(List.of(budget("bk", "key", "key_1", 1_000, true, 50, 80, 100)), Map.of());
        for (int i = 0; i < 10; i++) {
            Reservation r = reserve(ledger, 100);
            ledger.settle(r, 100, "req_" + i);
        }
        assertThat(alerts).extracting(BudgetAlert::thresholdPercent).containsExactly(50, 80, 100);
        assertThat(alerts.get(0).spentNanoUsd()).isEqualTo(500);
    }

    @Test
    void anUnreachableStateFailsClosedOrOpenAsConfigured() {
        LedgerState broken = new LedgerState() {
            public Future<ReserveOutcome> reserve(List<Account> accounts, long amount) {
                return Future.failedFuture("connection refused");
            }

            public Future<SettleOutcome> settle(List<Account> accounts, long reserved, long actual) {
                return Future.failedFuture("connection refused");
            }

            public Future<Void> hydrate(Account account, long spent) {
                return Future.failedFuture("connection refused");
            }

            public Future<Counter> read(Account account) {
                return Future.failedFuture("connection refused");
            }

            public String describe() {
                return "broken";
            }

            public void close() {
            }
        };
        Ledger ledger = ledger(broken, List.of(budget("bk", "key", "key_1", 1_000, true)), Map.of());
        Reservation closed = ledger.reserve(CALLER, 10, CLOSED).result();
        assertThat(closed.granted()).isFalse();
        assertThat(closed.refusal().status()).isEqualTo(503);
        GatewayConfig.Ledger open = new GatewayConfig.Ledger(true, 2_000, 4_096, 64, null, null);
        assertThat(ledger.reserve(CALLER, 10, open).result()).isSameAs(Reservation.NONE);
    }

    @Test
    void concurrentReservationsNeverOverspend() throws Exception {
        InProcessLedgerState state = new InProcessLedgerState(clock);
        Ledger ledger = ledger(state, List.of(budget("bk", "key", "key_1", 100 * 1_000, true)), Map.of("user_1", 100 * 1_000L));
        AtomicLong granted = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 50; i++) {
                    Reservation r = reserve(ledger, 1_000);
                    if (r.granted()) {
                        granted.incrementAndGet();
                        ledger.settle(r, i % 3 == 0 ? 0 : 1_000, "req");
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        Reservation probe = reserve(ledger, 0);
        for (Account a : probe.accounts()) {
            LedgerState.Counter c = state.read(a).result();
            assertThat(c.spent()).isLessThanOrEqualTo(a.limit());
            assertThat(c.reserved()).isZero();
        }
    }
}
