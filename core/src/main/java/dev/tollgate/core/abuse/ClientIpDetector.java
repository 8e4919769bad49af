package dev.tollgate.core.abuse;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A key used from more distinct client addresses than {@code max} within a window: a leaked key being shared.
 * Per key, the addresses seen with when they were last seen (at most {@code max + 1} kept). One alert per key
 * per window. Addresses only: no geolocation. Not thread-safe: {@link AbuseMonitor} serialises calls.
 */
final class ClientIpDetector {

    private static final int MAX_KEYS = 100_000;

    private static final class Seen {
        final LinkedHashMap<String, Long> addresses = new LinkedHashMap<>(16, 0.75f, true);
        long alertedAt = Long.MIN_VALUE;
    }

    private final Map<String, Seen> keys = new HashMap<>();

    /** @return the distinct addresses in the window when this call pushed them past {@code max}; 0 otherwise */
    int observe(String keyId, String address, long nowMillis, int max, long windowMillis) {
        if (address == null) {
            return 0;
        }
        Seen seen = keys.get(keyId);
        if (seen == null) {
            if (keys.size() >= MAX_KEYS) {
                keys.clear();
            }
            seen = new Seen();
            keys.put(keyId, seen);
        }
        seen.addresses.put(address, nowMillis);
        for (Iterator<Long> it = seen.addresses.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next() >= windowMillis) {
                it.remove(); // least recently seen first: stop at the first one still inside the window
            } else {
                break;
            }
        }
        int distinct = seen.addresses.size();
        while (seen.addresses.size() > max + 1) {
            Iterator<String> it = seen.addresses.keySet().iterator();
            it.next();
            it.remove();
        }
        if (distinct > max && (seen.alertedAt == Long.MIN_VALUE || nowMillis - seen.alertedAt >= windowMillis)) {
            seen.alertedAt = nowMillis;
            return distinct;
        }
        return 0;
    }
}
