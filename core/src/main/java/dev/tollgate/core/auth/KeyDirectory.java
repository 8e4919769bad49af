package dev.tollgate.core.auth;

import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory snapshot every request authenticates against: key hash → key. Never a database query
 * per request; {@link #refresh()} rebuilds the snapshot from the store (periodically, and at once after
 * a local admin change) and swaps it in whole. Lookups are thread-safe and lock-free.
 */
public final class KeyDirectory {

    private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);

    /** Why an authentication attempt failed, worded for the client. */
    public enum Failure {
        MISSING("Missing API key. Pass it as 'Authorization: Bearer tg-…', 'x-api-key' or 'api-key'."),
        INVALID("Invalid API key (unknown or revoked)."),
        EXPIRED("This API key has expired."),
        DISABLED("This API key is disabled."),
        /** The key is genuine, so the call is known and refused with 403 rather than 401. */
        IP_NOT_ALLOWED("This API key may not be used from this address."),
        THROTTLED("Too many failed authentication attempts from this address. Try again later.");

        public final String message;

        Failure(String message) {
            this.message = message;
        }
    }

    /**
     * The caller, the reason for a refusal, or both: a refusal of a genuine key (wrong address) still names
     * the caller so the refusal is booked against it.
     */
    public record Result(Caller caller, Failure failure, long retryAfterSeconds) {

        Result(Caller caller, Failure failure) {
            this(caller, failure, 0);
        }

        static Result throttled(long retryAfterSeconds) {
            return new Result(null, Failure.THROTTLED, retryAfterSeconds);
        }

        public boolean accepted() {
            return failure == null;
        }
    }

    private static final Result MISSING = new Result(null, Failure.MISSING);
    private static final Result INVALID = new Result(null, Failure.INVALID);
    private static final Result EXPIRED = new Result(null, Failure.EXPIRED);
    private static final Result DISABLED = new Result(null, Failure.DISABLED);

    /** Results built with the snapshot, so an accepted call allocates nothing here. */
    private record Entry(GatewayKey key, IpAllowList ips, Result accepted, Result wrongAddress) {

        static Entry of(GatewayKey k) {
            Caller caller = new Caller(k.id(), k.prefix(), k.orgId(), k.teamId(), k.userId(), ModelAccess.of(k.allowedModels()),
                    k.routingTags(), k.prepaid(), k.pricingGroup(), k.ratePolicies());
            return new Entry(k, IpAllowList.of(k.allowedIps()), new Result(caller, null),
                    new Result(caller, Failure.IP_NOT_ALLOWED));
        }
    }

    private final KeyStore store;
    private final Clock clock;
    private volatile Map<String, Entry> byHash = Map.of();

    public KeyDirectory(KeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Blocking: reads the store. Call from a worker thread. Synchronized with {@link #forget} and with itself, so a
     * refresh that read the store before a change can never land after the change's own refresh or forget.
     */
    public synchronized void refresh() {
        List<GatewayKey> keys = store.loadUnrevoked();
        Map<String, Entry> next = new HashMap<>(keys.size() * 2);
        for (GatewayKey k : keys) {
            next.put(k.hash(), Entry.of(k));
        }
        byHash = Map.copyOf(next);
        log.debug("key snapshot refreshed: {} keys", next.size());
    }

    /** Forgets a revoked key immediately, before the next refresh. */
    public synchronized void forget(String keyHash) {
        Map<String, Entry> next = new HashMap<>(byHash);
        next.remove(keyHash);
        byHash = Map.copyOf(next);
    }

    /** For callers that know no client address (benchmarks, tests): as from an unrestricted address. */
    public Result authenticate(String presentedKey) {
        return authenticate(presentedKey, null);
    }

    /**
     * @param clientIp the peer's IP literal, checked against the key's allow-list; null only passes keys
     *                 without one
     */
    public Result authenticate(String presentedKey, String clientIp) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return MISSING;
        }
        if (!GatewayKeys.looksLikeKey(presentedKey)) {
            return INVALID;
        }
        Entry entry = byHash.get(GatewayKeys.hash(presentedKey));
        if (entry == null) {
            return INVALID;
        }
        GatewayKey key = entry.key();
        if (!key.enabled()) {
            return DISABLED;
        }
        if (key.expiresAt() != null && !clock.instant().isBefore(key.expiresAt())) {
            return EXPIRED;
        }
        if (!entry.ips().allows(clientIp)) {
            return entry.wrongAddress();
        }
        return entry.accepted();
    }

    /**
     * The owner of a key of ours, enabled or not (abuse detection: a key pasted into a prompt), or null when the
     * string is no key in the snapshot.
     */
    public Caller ownerOf(String candidate) {
        if (!GatewayKeys.looksLikeKey(candidate)) {
            return null;
        }
        Entry entry = byHash.get(GatewayKeys.hash(candidate));
        return entry == null ? null : entry.accepted().caller();
    }

    public int size() {
        return byHash.size();
    }
}
