package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Map;

/** A group of users inside one organisation; may own service keys. Names are unique per organisation. */
public record Team(String id, String orgId, String name, Map<String, String> metadata, Instant createdAt) {

    public Team {
        metadata = Map.copyOf(metadata);
    }
}
