package dev.tollgate.core.guardrails;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recent verdicts of a remote guardrail by the SHA-256 of what it was shown, so that a conversation resent
 * turn after turn is not judged again each time. Bounded: when full, it starts over (cheaper than an LRU and
 * good enough for a cache whose entries expire within a minute). Shared by the event loops.
 */
final class VerdictCache {

    private record Entry(Verdict verdict, long expiresNanos) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;

    VerdictCache(long ttlMs, int maxEntries) {
        this.ttlNanos = ttlMs * 1_000_000L;
        this.maxEntries = maxEntries;
    }

    boolean enabled() {
        return ttlNanos > 0 && maxEntries > 0;
    }

    static String key(Check check) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((check.hook().label() + '\0' + check.complete() + '\0').getBytes(StandardCharsets.UTF_8));
            for (String t : check.texts()) {
                sha.update(t.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Verdict get(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.expiresNanos > 0) {
            entries.remove(key, e);
            return null;
        }
        return e.verdict;
    }

    void put(String key, Verdict verdict) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry(verdict, System.nanoTime() + ttlNanos));
    }
}
