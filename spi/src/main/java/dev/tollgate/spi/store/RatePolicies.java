package dev.tollgate.spi.store;

/**
 * The rate-limit policies (names from {@code limits.policies}) that apply to a key's calls: the key's own and its
 * owner's user, team and organisation. Read with the key into the snapshot, so no query is needed per call. Null:
 * none at that level.
 */
public record RatePolicies(String key, String user, String team, String org) {

    public static final RatePolicies NONE = new RatePolicies(null, null, null, null);

    public boolean isEmpty() {
        return key == null && user == null && team == null && org == null;
    }
}
