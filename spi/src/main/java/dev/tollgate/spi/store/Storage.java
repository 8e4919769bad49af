package dev.tollgate.spi.store;

/** The database behind the gateway: one per process, opened from {@code storage.url}. */
public interface Storage extends AutoCloseable {

    KeyStore keys();

    UsageStore usage();

    TenancyStore tenancy();

    AdminKeyStore adminKeys();

    AuditStore audit();

    IdempotencyStore idempotency();

    ConfigEntryStore configEntries();

    LedgerStore ledger();

    PricingGroupStore pricingGroups();

    CreditStore credits();

    /** True when the database answers a trivial query right now. */
    boolean isReachable();

    /** A short label for logs, never with credentials: e.g. {@code sqlite:data/tollgate.db}. */
    String describe();

    @Override
    void close();
}
