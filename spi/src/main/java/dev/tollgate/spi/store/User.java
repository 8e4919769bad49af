package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A person in one organisation, optionally in one of its teams. Emails are stored lower-cased and are
 * unique per organisation.
 *
 * @param teamId       null when the user is in no team
 * @param billing      how the user pays (relay customers are {@link Billing#PREPAID})
 * @param pricingGroup the resale price list the user's calls are charged by, or null (charged at cost)
 */
public record User(String id, String orgId, String teamId, String email, String name,
                   Map<String, String> metadata, Instant createdAt, Billing billing, String pricingGroup,
                   String rateLimitPolicy) {

    /** A user without a rate-limit policy. */
    public User(String id, String orgId, String teamId, String email, String name, Map<String, String> metadata,
                Instant createdAt, Billing billing, String pricingGroup) {
        this(id, orgId, teamId, email, name, metadata, createdAt, billing, pricingGroup, null);
    }

    public User {
        metadata = Map.copyOf(metadata);
        billing = Objects.requireNonNullElse(billing, Billing.INVOICED);
    }

    /** An invoiced user in no pricing group. */
    public User(String id, String orgId, String teamId, String email, String name, Map<String, String> metadata,
                Instant createdAt) {
        this(id, orgId, teamId, email, name, metadata, createdAt, Billing.INVOICED, null, null);
    }
}
