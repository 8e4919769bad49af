package dev.tollgate.spi.store;

import java.util.List;
import java.util.Optional;

/**
 * Pricing groups at rest. Every change writes its {@link AuditEntry} and moves the {@code ledger} change counter
 * in one transaction, so every node reloads its copy. Blocking.
 */
public interface PricingGroupStore {

    /** @throws RuntimeException marked as a conflict (StorageException) when the name exists */
    void create(PricingGroup group, AuditEntry audit);

    Optional<PricingGroup> find(String name);

    /** Every group, by name: there are few, and each node keeps all of them in memory. */
    List<PricingGroup> all();

    /** Replaces multiplier and ratios; false when there is no such group. */
    boolean update(PricingGroup group, AuditEntry audit);

    /** @return false when there is no such group; @throws InUseException while users are in it */
    boolean delete(String name, AuditEntry audit);

    /** The {@code ledger} change counter: moves with every change to groups, billing settings and credits. */
    long ledgerVersion();
}
