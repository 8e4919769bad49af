package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Map;

/** The top of the tenancy tree: teams, users and keys belong to exactly one organisation. */
public record Organization(String id, String name, Map<String, String> metadata, Instant createdAt) {

    public Organization {
        metadata = Map.copyOf(metadata);
    }
}
