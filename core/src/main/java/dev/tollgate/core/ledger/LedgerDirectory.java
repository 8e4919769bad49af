package dev.tollgate.core.ledger;

import dev.tollgate.spi.store.LedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * This node's copy of the ledger's definitions, swapped whole. {@link #refresh()} reloads it from the database:
 * when the {@code ledger} change counter moved (any node), and at once on the node that made an admin change.
 * Blocking refresh; lock-free reads.
 */
public final class LedgerDirectory implements Supplier<LedgerDefinitions> {

    private static final Logger log = LoggerFactory.getLogger(LedgerDirectory.class);

    private final LedgerStore store;
    private volatile LedgerDefinitions current = LedgerDefinitions.EMPTY;

    public LedgerDirectory(LedgerStore store) {
        this.store = store;
    }

    @Override
    public LedgerDefinitions get() {
        return current;
    }

    public synchronized void refresh() {
        LedgerDefinitions next = new LedgerDefinitions(store.loadBudgets(), store.prepaidCredits());
        current = next;
        log.debug("ledger definitions refreshed: {} budgets, {} prepaid users", next.budgetCount(),
                next.prepaidCredits().size());
    }
}
