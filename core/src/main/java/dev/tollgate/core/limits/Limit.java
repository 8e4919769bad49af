package dev.tollgate.core.limits;

/**
 * One counter a call must fit in: a sliding window of requests or tokens, or a number of concurrent leases.
 *
 * @param scope    what the limit belongs to: key, user, team, org or model_group
 * @param id       the scope's id (a key id, a group name), never a secret
 * @param max      the most the window (or the lease set) may hold
 * @param periodMs the window's length (0 for concurrency)
 * @param bucketMs the window's resolution: counts are kept per bucket and a bucket leaves the window whole
 */
public record Limit(String scope, String id, Kind kind, long max, long periodMs, long bucketMs) {

    public enum Kind {
        REQUESTS, TOKENS, CONCURRENCY
    }

    /** The counter's name, stable across nodes: {@code key:k_1:rpm}. */
    public String counter() {
        return scope + ':' + id + ':' + suffix();
    }

    public String suffix() {
        return switch (kind) {
            case REQUESTS -> periodMs == 1_000 ? "rps" : "rpm";
            case TOKENS -> "tpm";
            case CONCURRENCY -> "concurrency";
        };
    }

    /** Buckets in the window. */
    public int buckets() {
        return periodMs <= 0 ? 0 : (int) (periodMs / bucketMs);
    }

    /** The same limit with its maximum divided among {@code nodes} (at least 1): the local fallback's share. */
    public Limit share(int nodes) {
        return nodes <= 1 ? this : new Limit(scope, id, kind, Math.max(1, max / nodes), periodMs, bucketMs);
    }

    public static Limit rpm(String scope, String id, long max) {
        return new Limit(scope, id, Kind.REQUESTS, max, 60_000, 1_000);
    }

    public static Limit rps(String scope, String id, long max) {
        return new Limit(scope, id, Kind.REQUESTS, max, 1_000, 100);
    }

    public static Limit tpm(String scope, String id, long max) {
        return new Limit(scope, id, Kind.TOKENS, max, 60_000, 1_000);
    }

    public static Limit concurrency(String scope, String id, long max) {
        return new Limit(scope, id, Kind.CONCURRENCY, max, 0, 0);
    }
}
