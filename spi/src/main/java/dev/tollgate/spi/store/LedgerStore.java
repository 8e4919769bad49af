package dev.tollgate.spi.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's definitions at rest: budgets, and the credit totals of prepaid users. Blocking; callers run it
 * off the event loop. Every change bumps the {@code ledger} change counter in its own transaction, so every
 * node reloads its copy soon after (as do changes to credits, made elsewhere).
 */
public interface LedgerStore {

    /** A number that moves with every change to budgets, prepaid users or their credits. */
    long version();

    List<Budget> loadBudgets();

    /** Every user whose billing is {@code prepaid}, with the sum of their credit entries (0 when none). */
    Map<String, Long> prepaidCredits();

    Optional<Budget> findBudget(String id);

    void createBudget(Budget budget, AuditEntry audit);

    /** Replaces a budget's settings (scope and creation time stay); false when there is no such budget. */
    boolean updateBudget(Budget budget, AuditEntry audit);

    boolean deleteBudget(String id, AuditEntry audit);
}
