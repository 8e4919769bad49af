package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Admin identities at rest. Changes write their audit entry in the same transaction. Blocking. */
public interface AdminKeyStore {

    void create(AdminKey key, AuditEntry audit);

    Optional<AdminKey> find(String id);

    /** The unrevoked admin key with this hash, if any: how an admin call is authenticated. */
    Optional<AdminKey> findActiveByHash(String hash);

    List<AdminKey> page(Ownership scope, String afterId, int limit);

    /** @return false when there is no such key; revoking twice keeps the first time */
    boolean revoke(String id, Instant at, AuditEntry audit);
}
