package dev.tollgate.core.ledger;

/** Where threshold alerts go (signed webhooks in the server). Must not block: called on event loops. */
@FunctionalInterface
public interface AlertSink {

    AlertSink NONE = alert -> { };

    void send(BudgetAlert alert);
}
