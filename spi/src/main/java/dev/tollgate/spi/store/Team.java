package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Map;

/**
 * A group of users inside one organisation; may own service keys. Names are unique per organisation.
 *
 * @param rateLimitPolicy a policy name from the configuration's {@code limits.policies}, or null (docs/limits.md)
 */
public record Team(String id, String orgId, String name, Map<String, String> metadata, Instant createdAt,
                   String rateLimitPolicy) {

    public Team {
        metadata = Map.copyOf(metadata);
    }

    /** A team without a rate-limit policy. */
    public Team(String id, String orgId, String name, Map<String, String> metadata, Instant createdAt) {
        this(id, orgId, name, metadata, createdAt, null);
    }
}
