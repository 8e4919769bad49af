package dev.tollgate.spi.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Providers and model groups from the admin API, plus the version every gateway node polls to learn that they
 * changed. Each change writes the entry, its audit entry and a version bump in one transaction, so a node that
 * sees the new version also sees the change. Blocking.
 */
public interface ConfigEntryStore {

    /** Every entry, ordered by kind and name. */
    List<ConfigEntry> all();

    Optional<ConfigEntry> find(String kind, String name);

    /** @throws RuntimeException flagged as a conflict when an entry of this kind and name exists */
    void create(ConfigEntry entry, AuditEntry audit);

    /** @return false when there is no such entry */
    boolean update(ConfigEntry entry, AuditEntry audit);

    /** @return false when there is no such entry */
    boolean delete(String kind, String name, AuditEntry audit);

    /** Increases with every change; 0 before the first. */
    long version();

    /** Key id → the sealed key-check value for that key (see docs/configuration.md, "Secrets"). */
    Map<String, String> keyChecks();

    void addKeyCheck(String keyId, String sealedCheck);

    /**
     * Rewrites entries' bodies (re-sealed under a new key) and keeps only the key check of {@code keepKeyId}, in
     * one transaction with the audit entry and a version bump.
     */
    void reseal(List<ConfigEntry> resealed, String keepKeyId, String keepCheck, AuditEntry audit);
}
