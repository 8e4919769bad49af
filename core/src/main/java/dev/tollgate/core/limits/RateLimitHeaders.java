package dev.tollgate.core.limits;

import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/**
 * OpenAI's rate-limit headers on every limited call, answered or refused: {@code x-ratelimit-limit-requests},
 * {@code -remaining-requests}, {@code -reset-requests} and the {@code -tokens} variants. Where several request (or
 * token) limits apply, the one with the least room left speaks. The reset is how long until the oldest counted
 * bucket leaves the window (when room next grows), written as OpenAI does ({@code 1s}, {@code 6m0s},
 * {@code 250ms}). A refusal also gets {@code retry-after-ms}, which the OpenAI SDKs prefer to {@code Retry-After}.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static void write(HttpServerResponse res, LimitHold hold) {
        LimitState.Outcome o = hold.outcome();
        if (o == null || res.headWritten()) {
            return;
        }
        List<Limit> limits = hold.limits();
        int requests = tightest(limits, o, Limit.Kind.REQUESTS);
        int tokens = tightest(limits, o, Limit.Kind.TOKENS);
        if (requests >= 0) {
            put(res, "requests", limits.get(requests).max(), o.remaining()[requests], o.resetMs()[requests]);
        }
        if (tokens >= 0) {
            put(res, "tokens", limits.get(tokens).max(), o.remaining()[tokens], o.resetMs()[tokens]);
        }
        if (!o.granted() && hold.refusal() != null && hold.refusal().retryAfterSeconds() > 0) {
            res.putHeader("retry-after-ms", Long.toString(Math.max(1, o.retryAfterMs())));
        }
    }

    private static void put(HttpServerResponse res, String what, long limit, long remaining, long resetMs) {
        res.putHeader("x-ratelimit-limit-" + what, Long.toString(limit));
        res.putHeader("x-ratelimit-remaining-" + what, Long.toString(Math.max(0, remaining)));
        res.putHeader("x-ratelimit-reset-" + what, duration(resetMs));
    }

    /** Of the limits of one kind the state looked at, the one with the least room. -1: none. */
    private static int tightest(List<Limit> limits, LimitState.Outcome o, Limit.Kind kind) {
        int best = -1;
        int checked = o.granted() ? limits.size() : o.refused() + 1;
        for (int i = 0; i < checked; i++) {
            if (limits.get(i).kind() == kind && (best < 0 || o.remaining()[i] < o.remaining()[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Go's duration format, as OpenAI writes it: {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 6m0s}. */
    static String duration(long ms) {
        if (ms <= 0) {
            return "0s";
        }
        if (ms < 1_000) {
            return ms + "ms";
        }
        long minutes = ms / 60_000;
        long rest = ms % 60_000;
        String seconds = rest % 1_000 == 0 ? Long.toString(rest / 1_000)
                : java.math.BigDecimal.valueOf(rest, 3).stripTrailingZeros().toPlainString();
        return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
    }
}
