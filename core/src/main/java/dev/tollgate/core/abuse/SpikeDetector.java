package dev.tollgate.core.abuse;

import java.util.HashMap;
import java.util.Map;

/**
 * Request-rate and spend spikes per subject (a key or a team) against an exponentially weighted moving average
 * of its past minutes. Each whole minute closes into the baseline ({@code baseline += α·(minute − baseline)},
 * α = 0.3, idle minutes counting as zero); the current minute is a spike once it passes {@code factor ×
 * baseline} and the configured floor, after a warm-up of three minutes. One alert per subject, kind and minute.
 * Not thread-safe: {@link AbuseMonitor} serialises calls.
 */
final class SpikeDetector {

    static final double ALPHA = 0.3;
    static final int WARM_UP_MINUTES = 3;
    private static final int MAX_SUBJECTS = 100_000;

    /** What spiked: the request count or the spend. */
    enum Kind { REQUESTS, SPEND }

    record Spike(Kind kind, long value, double baseline) {
    }

    private static final class Rate {
        long minute;
        long requests;
        long spend;
        double requestBaseline;
        double spendBaseline;
        int minutesSeen;
        boolean requestAlerted;
        boolean spendAlerted;
    }

    private final Map<String, Rate> rates = new HashMap<>();

    /**
     * Counts one call (and its charge) for the subject at {@code nowMillis}.
     *
     * @return the spike this call completed, or null
     */
    Spike observe(String subject, long chargeNanoUsd, long nowMillis, double factor, long minRequests, long minSpend) {
        long minute = Math.floorDiv(nowMillis, 60_000L);
        Rate r = rates.get(subject);
        if (r == null) {
            if (rates.size() >= MAX_SUBJECTS) {
                rates.clear(); // bounded memory: forgetting baselines only delays alerts
            }
            r = new Rate();
            r.minute = minute;
            rates.put(subject, r);
        }
        roll(r, minute);
        r.requests++;
        r.spend += Math.max(0, chargeNanoUsd);
        if (r.minutesSeen < WARM_UP_MINUTES) {
            return null;
        }
        if (!r.requestAlerted && r.requests >= minRequests && r.requests > factor * Math.max(1.0, r.requestBaseline)) {
            r.requestAlerted = true;
            return new Spike(Kind.REQUESTS, r.requests, r.requestBaseline);
        }
        if (!r.spendAlerted && r.spend >= minSpend && r.spend > factor * Math.max(1.0, r.spendBaseline)) {
            r.spendAlerted = true;
            return new Spike(Kind.SPEND, r.spend, r.spendBaseline);
        }
        return null;
    }

    /** Closes the minutes that passed into the baselines (at most an hour's worth: by then it is ~0 anyway). */
    private static void roll(Rate r, long minute) {
        long passed = minute - r.minute;
        if (passed <= 0) {
            return;
        }
        for (long i = 0; i < Math.min(passed, 60); i++) {
            long requests = i == 0 ? r.requests : 0;
            long spend = i == 0 ? r.spend : 0;
            r.requestBaseline = r.minutesSeen == 0 ? requests : r.requestBaseline + ALPHA * (requests - r.requestBaseline);
            r.spendBaseline = r.minutesSeen == 0 ? spend : r.spendBaseline + ALPHA * (spend - r.spendBaseline);
            r.minutesSeen++;
        }
        r.minute = minute;
        r.requests = 0;
        r.spend = 0;
        r.requestAlerted = false;
        r.spendAlerted = false;
    }
}
