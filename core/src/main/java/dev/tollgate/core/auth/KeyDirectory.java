package dev.tollgate.core.auth;

import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
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
        EXPIRED("This API key has expired.");

        public final String message;

        Failure(String message) {
            this.message = message;
        }
    }

    /** Either a caller or the reason there is none. */
    public record Result(Caller caller, Failure failure) {
    }

    private record Entry(GatewayKey key, Caller caller) {
    }

    private final KeyStore store;
    private final Clock clock;
    private volatile Map<String, Entry> byHash = Map.of();

    public KeyDirectory(KeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Blocking: reads the store. Call from a worker thread. */
    public void refresh() {
        List<GatewayKey> keys = store.loadUnrevoked();
        Map<String, Entry> next = new HashMap<>(keys.size() * 2);
        for (GatewayKey k : keys) {
            next.put(k.hash(), new Entry(k, new Caller(k.id(), k.prefix(), k.teamId(), k.userId(),
                    ModelAccess.of(k.allowedModels()))));
        }
        byHash = Map.copyOf(next);
        log.debug("key snapshot refreshed: {} keys", next.size());
    }

    /** Forgets a revoked key immediately, before the next refresh. */
    public void forget(String keyHash) {
        Map<String, Entry> next = new HashMap<>(byHash);
        next.remove(keyHash);
        byHash = Map.copyOf(next);
    }

    public Result authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return new Result(null, Failure.MISSING);
        }
        if (!GatewayKeys.looksLikeKey(presentedKey)) {
            return new Result(null, Failure.INVALID);
        }
        Entry entry = byHash.get(GatewayKeys.hash(presentedKey));
        if (entry == null) {
            return new Result(null, Failure.INVALID);
        }
        Instant now = clock.instant();
        if (entry.key().expiresAt() != null && !now.isBefore(entry.key().expiresAt())) {
            return new Result(null, Failure.EXPIRED);
        }
        return new Result(entry.caller(), null);
    }

    public int size() {
        return byHash.size();
    }
}
