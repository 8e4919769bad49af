package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Map;

/**
 * A person in one organisation, optionally in one of its teams. Emails are stored lower-cased and are
 * unique per organisation.
 *
 * @param teamId null when the user is in no team
 */
public record User(String id, String orgId, String teamId, String email, String name,
                   Map<String, String> metadata, Instant createdAt) {

    public User {
        metadata = Map.copyOf(metadata);
    }
}
