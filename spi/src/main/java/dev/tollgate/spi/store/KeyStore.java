package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Gateway keys at rest. Blocking; callers run it off the event loop. */
public interface KeyStore {

    void create(GatewayKey key);

    Optional<GatewayKey> find(String id);

    /** One page of keys ordered by id, starting after {@code afterId} (null for the first page). */
    List<GatewayKey> page(String afterId, int limit);

    /** Marks a key revoked; returns false when no such key exists. Revoking twice keeps the first time. */
    boolean revoke(String id, Instant at);

    /** Every key that is not revoked, for the in-memory authentication snapshot. */
    List<GatewayKey> loadUnrevoked();
}
