package dev.tollgate.core.abuse;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Bursts of wrong keys within a minute, counted per subject: a client address ({@code ip:…}) and the display
 * prefix of the presented key ({@code prefix:…}: someone trying variations of one key from many addresses). One
 * alert per subject per minute. Independent of {@code server.auth_failures_per_minute}, which refuses an address;
 * this one tells someone. Not thread-safe: {@link AbuseMonitor} serialises calls.
 */
final class AuthFailureBurstDetector {

    private static final long MINUTE = 60_000L;
    private static final int MAX_SUBJECTS = 100_000;

    private static final class Burst {
        final ArrayDeque<Long> times = new ArrayDeque<>();
        long alertedAt = Long.MIN_VALUE;
    }

    private final Map<String, Burst> subjects = new HashMap<>();

    /** @return the failures in the last minute when this one completed a burst of {@code max}; 0 otherwise */
    int observe(String subject, long nowMillis, int max) {
        Burst b = subjects.get(subject);
        if (b == null) {
            if (subjects.size() >= MAX_SUBJECTS) {
                subjects.clear();
            }
            b = new Burst();
            subjects.put(subject, b);
        }
        b.times.addLast(nowMillis);
        while (!b.times.isEmpty() && nowMillis - b.times.peekFirst() >= MINUTE) {
            b.times.pollFirst();
        }
        while (b.times.size() > max) {
            b.times.pollFirst();
        }
        if (b.times.size() >= max && (b.alertedAt == Long.MIN_VALUE || nowMillis - b.alertedAt >= MINUTE)) {
            b.alertedAt = nowMillis;
            return b.times.size();
        }
        return 0;
    }
}
