package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Gateway keys at rest. Blocking; callers run it off the event loop. The operations taking an
 * {@link AuditEntry} write it in the same transaction as the change; the others are for bootstrap and tests.
 */
public interface KeyStore {

    void create(GatewayKey key);

    void create(GatewayKey key, AuditEntry audit);

    Optional<GatewayKey> find(String id);

    /** One page of keys ordered by id, starting after {@code afterId} (null for the first page). */
    List<GatewayKey> page(String afterId, int limit);

    /** Like {@link #page(String, int)}, restricted to the keys {@code scope} owns. */
    List<GatewayKey> page(Ownership scope, String afterId, int limit);

    /** Marks a key revoked; returns false when no such key exists. Revoking twice keeps the first time. */
    boolean revoke(String id, Instant at);

    boolean revoke(String id, Instant at, AuditEntry audit);

    /**
     * Replaces the mutable settings of a key (name, models, metadata, expiry, enabled, allowed IPs); id,
     * hash, prefix, owner and times of creation and revocation stay. Returns false when there is no such key.
     */
    boolean update(GatewayKey key, AuditEntry audit);

    /**
     * Rotation in one transaction: stores {@code successor} and sets the old key's expiry to
     * {@code oldExpiresAt} (unless it already expires sooner), with one audit entry per key touched. Returns false
     * when the old key is missing or revoked.
     */
    boolean rotate(String oldId, Instant oldExpiresAt, GatewayKey successor, List<AuditEntry> audit);

    /**
     * A number that changes whenever any key is created, changed, rotated or revoked, by any node: cheap to poll,
     * so every node rebuilds its snapshot soon after a change made elsewhere.
     */
    long version();

    /** Every key that is not revoked, for the in-memory authentication snapshot. */
    List<GatewayKey> loadUnrevoked();
}
