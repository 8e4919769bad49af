package dev.tollgate.core.auth;

/**
 * The authenticated identity behind a call, as the rest of the pipeline sees it. Immutable.
 *
 * @param routingTags  tags every deployment serving this caller must carry (the key's routing constraint)
 * @param prepaid      the key's owner pays from a prepaid balance (relay mode)
 * @param pricingGroup the key's owner's pricing group, or null (charged at cost)
 * @param ratePolicies the rate-limit policies of the key, its user, team and organisation (docs/limits.md)
 */
public record Caller(String keyId, String keyPrefix, String orgId, String teamId, String userId, ModelAccess models,
                     java.util.List<String> routingTags, boolean prepaid, String pricingGroup,
                     dev.tollgate.spi.store.RatePolicies ratePolicies) {

    public Caller {
        ratePolicies = ratePolicies == null ? dev.tollgate.spi.store.RatePolicies.NONE : ratePolicies;
    }

    /** A caller without rate-limit policies. */
    public Caller(String keyId, String keyPrefix, String orgId, String teamId, String userId, ModelAccess models,
                  java.util.List<String> routingTags, boolean prepaid, String pricingGroup) {
        this(keyId, keyPrefix, orgId, teamId, userId, models, routingTags, prepaid, pricingGroup, null);
    }

    /** A caller billed at cost, outside relay mode. */
    public Caller(String keyId, String keyPrefix, String orgId, String teamId, String userId, ModelAccess models,
                  java.util.List<String> routingTags) {
        this(keyId, keyPrefix, orgId, teamId, userId, models, routingTags, false, null, null);
    }
}
