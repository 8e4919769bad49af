package dev.tollgate.core.auth;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Counts failed key authentications (gateway and admin keys) per client address over a sliding minute and
 * tells when an address has used up its allowance. Keys have 256 random bits, so this is not what keeps them
 * secret; it keeps a guessing client from burning CPU on hashes and filling logs. In-process: each node
 * counts on its own, which bounds a distributed attacker to the threshold times the number of nodes.
 *
 * <p>Addresses that never fail cost one map lookup and no allocation. Thread-safe.
 */
public final class AuthFailureLimiter {

    static final long WINDOW_MILLIS = 60_000;
    /** Beyond this many tracked addresses, stale ones are swept; a flood of fresh addresses is not tracked. */
    static final int MAX_TRACKED = 100_000;

    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final IntSupplier perMinute;
    private final LongSupplier millis;
    private volatile long lastSweep;

    /**
     * @param perMinute failures an address may have in any minute before it is refused; read on every call, so
     *                  a reloaded configuration takes effect at once; 0 turns the limiter off
     */
    public AuthFailureLimiter(IntSupplier perMinute, LongSupplier millis) {
        this.perMinute = perMinute;
        this.millis = millis;
    }

    /** Seconds until {@code address} may try again, or 0 when it may try now. */
    public long retryAfterSeconds(String address) {
        if (address == null) {
            return 0;
        }
        Failures f = byAddress.get(address);
        int limit = perMinute.getAsInt();
        if (f == null || limit <= 0) {
            return 0;
        }
        long until = f.blockedUntil(limit, millis.getAsLong());
        return until == 0 ? 0 : Math.max(1, (until - millis.getAsLong() + 999) / 1000);
    }

    public void recordFailure(String address) {
        int limit = perMinute.getAsInt();
        if (address == null || limit <= 0) {
            return;
        }
        long now = millis.getAsLong();
        Failures f = byAddress.get(address);
        if (f == null) {
            if (byAddress.size() >= MAX_TRACKED && !sweep(now)) {
                return;
            }
            f = byAddress.computeIfAbsent(address, a -> new Failures());
        }
        f.add(now, limit);
    }

    /** Drops addresses with no failure in the window, at most once a second; true when there is room again. */
    private boolean sweep(long now) {
        if (now - lastSweep >= 1000) {
            lastSweep = now;
            for (Iterator<Failures> it = byAddress.values().iterator(); it.hasNext(); ) {
                if (it.next().newest() <= now - WINDOW_MILLIS) {
                    it.remove();
                }
            }
        }
        return byAddress.size() < MAX_TRACKED;
    }

    int tracked() {
        return byAddress.size();
    }

    /** The times of an address's most recent failures, as many as the threshold needs. */
    private static final class Failures {

        private long[] times = new long[0];
        private int next;
        private int count;
        private long newest;

        synchronized void add(long now, int limit) {
            if (times.length != limit) {
                times = new long[limit]; // the threshold changed: start counting afresh
                next = 0;
                count = 0;
            }
            times[next] = now;
            count = Math.min(count + 1, limit);
            next = (next + 1) % limit;
            newest = now;
        }

        /** When the oldest of the last {@code limit} failures leaves the window, if all of them are in it; else 0. */
        synchronized long blockedUntil(int limit, long now) {
            if (times.length != limit || count < limit) {
                return 0;
            }
            long oldest = times[next];
            return oldest > now - WINDOW_MILLIS ? oldest + WINDOW_MILLIS : 0;
        }

        synchronized long newest() {
            return newest;
        }
    }
}
