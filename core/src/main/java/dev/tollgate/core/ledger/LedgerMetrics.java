package dev.tollgate.core.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The ledger's meters: refusals by reason, state outages by policy, uncollected charges, hydrations, alerts. */
public final class LedgerMetrics {

    private final Counter refusedBudget;
    private final Counter refusedBalance;
    private final Counter unavailableOpen;
    private final Counter unavailableClosed;
    private final Counter settleFailures;
    private final Counter uncollected;
    private final Counter hydrations;
    private final Counter alerts;

    public LedgerMetrics(MeterRegistry registry) {
        refusedBudget = refused(registry, "budget_exceeded");
        refusedBalance = refused(registry, "insufficient_balance");
        unavailableOpen = unavailable(registry, "fail_open");
        unavailableClosed = unavailable(registry, "fail_closed");
        settleFailures = Counter.builder("tollgate_ledger_settle_failures")
                .description("Settlements the state could not record (their reservations expire with the period)")
                .register(registry);
        uncollected = Counter.builder("tollgate_ledger_uncollected_nano_usd")
                .description("Charges a prepaid balance could not cover (the balance is clamped at zero)")
                .register(registry);
        hydrations = Counter.builder("tollgate_ledger_hydrations")
                .description("Counters rebuilt from the database (first use, or the state lost them)")
                .register(registry);
        alerts = Counter.builder("tollgate_ledger_alerts").description("Budget threshold alerts raised")
                .register(registry);
    }

    /** For tests and callers without a registry. */
    public static LedgerMetrics discard() {
        return new LedgerMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private static Counter refused(MeterRegistry r, String reason) {
        return Counter.builder("tollgate_ledger_refusals").description("Calls refused by a budget or balance")
                .tag("reason", reason).register(r);
    }

    private static Counter unavailable(MeterRegistry r, String policy) {
        return Counter.builder("tollgate_ledger_state_unavailable")
                .description("Reservations the state could not answer, by the policy applied")
                .tag("policy", policy).register(r);
    }

    void refused(boolean balance) {
        (balance ? refusedBalance : refusedBudget).increment();
    }

    void unavailable(boolean failOpen) {
        (failOpen ? unavailableOpen : unavailableClosed).increment();
    }

    void settleFailed() {
        settleFailures.increment();
    }

    void uncollected(long nanoUsd) {
        uncollected.increment(nanoUsd);
    }

    void hydrated() {
        hydrations.increment();
    }

    void alerted() {
        alerts.increment();
    }
}
