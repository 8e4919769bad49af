package dev.tollgate.store.jdbc;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.AuditQuery;
import dev.tollgate.spi.store.Budget;
import dev.tollgate.spi.store.LedgerStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Budgets, prepaid credits and the ledger's change counter; and UsageStore.chargedSince, which hydrates counters. */
abstract class LedgerStoreContract extends StorageTestBase {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private final String run = java.util.UUID.randomUUID().toString().substring(0, 8);
    private int sequence;

    private LedgerStore ledger() {
        return storage.ledger();
    }

    private AuditEntry audit(String action, String targetId) {
        return new AuditEntry("aud_%s_%04d".formatted(run, sequence++), T0, "actor", "platform_admin", action, "budget",
                targetId, null, null, null, null, "req", "127.0.0.1");
    }

    private static Budget budget(String id, long amount) {
        return new Budget(id, "team", "team-1", amount, "weekly", "Europe/Paris", true, List.of(50, 80), null, T0, T0);
    }

    @Test
    void budgetChangesAreStoredAuditedAndMoveTheLedgerCounter() {
        long v0 = ledger().version();
        ledger().createBudget(budget("b1", 1_000), audit("budget.create", "b1"));
        assertThat(ledger().findBudget("b1")).contains(budget("b1", 1_000));
        long v1 = ledger().version();
        assertThat(v1).isGreaterThan(v0);

        Budget changed = new Budget("b1", "team", "team-1", 2_000, "daily", "UTC", false, List.of(), "https://h.test/x",
                T0, T0.plusSeconds(5));
        assertThat(ledger().updateBudget(changed, audit("budget.update", "b1"))).isTrue();
        assertThat(ledger().loadBudgets()).containsExactly(changed);
        assertThat(ledger().version()).isGreaterThan(v1);

        assertThat(ledger().deleteBudget("b1", audit("budget.delete", "b1"))).isTrue();
        assertThat(ledger().findBudget("b1")).isEmpty();
        assertThat(ledger().deleteBudget("b1", audit("budget.delete", "b1"))).isFalse();
        assertThat(storage.audit().page(new AuditQuery(null, null, null, null, null, "b1", null, null, null, 10)))
                .extracting(AuditEntry::action).containsExactlyInAnyOrder("budget.create", "budget.update", "budget.delete");
    }

    @Test
    void chargedSinceSumsTheChargesOfAScopeFromAnInstant() {
        storage.usage().book(List.of(
                event("r1", T0.minusSeconds(1), 100),
                event("r2", T0, 20),
                event("r3", T0.plusSeconds(60), 3)));
        assertThat(storage.usage().chargedSince("key", "key-1", T0)).isEqualTo(23);
        assertThat(storage.usage().chargedSince("user", "user-1", Instant.EPOCH)).isEqualTo(123);
        assertThat(storage.usage().chargedSince("team", "team-1", T0.plusSeconds(1))).isEqualTo(3);
        assertThat(storage.usage().chargedSince("org", "org-1", T0)).isEqualTo(23);
        assertThat(storage.usage().chargedSince("org", "org-2", Instant.EPOCH)).isZero();
    }

    private static UsageEvent event(String requestId, Instant at, long charge) {
        return new UsageEvent(requestId, at, "key-1", "team-1", "user-1", Endpoint.CHAT_COMPLETIONS, "m", "p", "m",
                false, new TokenUsage(1, 1, 0, 0, false), charge * 2, 0, 0, 200, null, null, 1, "org-1", charge, false);
    }
}
