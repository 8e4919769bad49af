package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Map;

/**
 * The top of the tenancy tree: teams, users and keys belong to exactly one organisation.
 *
 * @param rateLimitPolicy a policy name from the configuration's {@code limits.policies}, or null (docs/limits.md)
 */
public record Organization(String id, String name, Map<String, String> metadata, Instant createdAt,
                           String rateLimitPolicy) {

    public Organization {
        metadata = Map.copyOf(metadata);
    }

    /** An organisation without a rate-limit policy. */
    public Organization(String id, String name, Map<String, String> metadata, Instant createdAt) {
        this(id, name, metadata, createdAt, null);
    }
}
