package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A gateway-issued key as stored: never the key itself, only its hash and a short prefix for display.
 *
 * @param allowedModels model names or wildcard patterns ({@code gpt-*}, {@code *}); empty means all models
 * @param orgId         the owner's organisation, derived from the owner when the key is created; null for
 *                      keys created before tenancy or without an owner
 * @param teamId        owning team for service keys, or the owning user's team; null when there is none
 * @param userId        owning user, or null for a service key
 * @param enabled       false while an admin has switched the key off; it then authenticates like an unknown key
 * @param allowedIps    CIDR blocks (IPv4 or IPv6) the key may be used from; empty means anywhere
 * @param routingTags   tags every deployment serving this key must carry (e.g. a region), on top of any the
 *                      request asks for; empty means no constraint
 * @param prepaid       the owning user pays from a prepaid balance (read from the user with the key, not stored
 *                      on it)
 * @param pricingGroup  the owning user's pricing group, or null (read from the user with the key)
 * @param ratePolicies  the rate-limit policies of the key (stored on it) and of its user, team and organisation
 *                      (read from them with the key)
 */
public record GatewayKey(
        String id,
        String name,
        String hash,
        String prefix,
        List<String> allowedModels,
        String orgId,
        String teamId,
        String userId,
        Map<String, String> metadata,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        boolean enabled,
        List<String> allowedIps,
        List<String> routingTags,
        boolean prepaid,
        String pricingGroup,
        RatePolicies ratePolicies) {

    public GatewayKey {
        ratePolicies = ratePolicies == null ? RatePolicies.NONE : ratePolicies;
        allowedModels = List.copyOf(allowedModels);
        metadata = Map.copyOf(metadata);
        allowedIps = List.copyOf(allowedIps);
        routingTags = List.copyOf(routingTags);
    }

    /** A key without rate-limit policies. */
    public GatewayKey(String id, String name, String hash, String prefix, List<String> allowedModels, String orgId,
                      String teamId, String userId, Map<String, String> metadata, Instant createdAt,
                      Instant expiresAt, Instant revokedAt, boolean enabled, List<String> allowedIps,
                      List<String> routingTags, boolean prepaid, String pricingGroup) {
        this(id, name, hash, prefix, allowedModels, orgId, teamId, userId, metadata, createdAt, expiresAt, revokedAt,
                enabled, allowedIps, routingTags, prepaid, pricingGroup, RatePolicies.NONE);
    }

    /** A key whose owner (if any) is invoiced and in no pricing group. */
    public GatewayKey(String id, String name, String hash, String prefix, List<String> allowedModels, String orgId,
                      String teamId, String userId, Map<String, String> metadata, Instant createdAt,
                      Instant expiresAt, Instant revokedAt, boolean enabled, List<String> allowedIps,
                      List<String> routingTags) {
        this(id, name, hash, prefix, allowedModels, orgId, teamId, userId, metadata, createdAt, expiresAt, revokedAt,
                enabled, allowedIps, routingTags, false, null);
    }

    /** An enabled key with no organisation and no IP restriction, as keys were before tenancy. */
    public GatewayKey(String id, String name, String hash, String prefix, List<String> allowedModels,
                      String teamId, String userId, Map<String, String> metadata, Instant createdAt,
                      Instant expiresAt, Instant revokedAt) {
        this(id, name, hash, prefix, allowedModels, null, teamId, userId, metadata, createdAt, expiresAt,
                revokedAt, true, List.of(), List.of());
    }

    public boolean isActiveAt(Instant now) {
        return enabled && revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public GatewayKey withRevokedAt(Instant at) {
        return new GatewayKey(id, name, hash, prefix, allowedModels, orgId, teamId, userId, metadata, createdAt,
                expiresAt, at, enabled, allowedIps, routingTags, prepaid, pricingGroup, ratePolicies);
    }
}
