package dev.tollgate.core.config;

import java.util.List;

/**
 * Builds routing policies field by field: a group's block over the {@code routing:} defaults over the built-in
 * ones, reporting every out-of-range value with its field path.
 */
final class RoutingPolicies {

    private final List<String> problems;

    RoutingPolicies(List<String> problems) {
        this.problems = problems;
    }

    RoutingPolicy merge(RoutingPolicy base, RawConfig.RawRetry retry, RawConfig.RawTimeouts timeouts,
                        RawConfig.RawBreaker breaker, RawConfig.RawHedge hedge, String at) {
        return new RoutingPolicy(retry(base.retry(), retry, at + "retry"),
                timeouts(base.timeouts(), timeouts, at + "timeouts"),
                breaker(base.breaker(), breaker, at + "breaker"),
                hedge(base.hedge(), hedge, at + "hedge"));
    }

    private RoutingPolicy.Retry retry(RoutingPolicy.Retry base, RawConfig.RawRetry raw, String at) {
        if (raw == null) {
            return base;
        }
        int attempts = (int) atLeast(raw.maxAttempts(), base.maxAttempts(), 1, at + ".max_attempts");
        if (attempts > 10) {
            problems.add(at + ".max_attempts: at most 10");
        }
        return new RoutingPolicy.Retry(attempts,
                atLeast(raw.backoffMs(), base.backoffMs(), 0, at + ".backoff_ms"),
                atLeast(raw.maxBackoffMs(), base.maxBackoffMs(), 0, at + ".max_backoff_ms"),
                atLeast(raw.maxRetryAfterMs(), base.maxRetryAfterMs(), 0, at + ".max_retry_after_ms"),
                atLeast(raw.budgetMs(), base.budgetMs(), 0, at + ".budget_ms"));
    }

    private RoutingPolicy.Timeouts timeouts(RoutingPolicy.Timeouts base, RawConfig.RawTimeouts raw, String at) {
        if (raw == null) {
            return base;
        }
        return new RoutingPolicy.Timeouts(
                atLeast(raw.connectMs(), base.connectMs(), 0, at + ".connect_ms"),
                atLeast(raw.firstTokenMs(), base.firstTokenMs(), 0, at + ".first_token_ms"),
                atLeast(raw.idleMs(), base.idleMs(), 0, at + ".idle_ms"),
                atLeast(raw.totalMs(), base.totalMs(), 1, at + ".total_ms"));
    }

    private RoutingPolicy.Breaker breaker(RoutingPolicy.Breaker base, RawConfig.RawBreaker raw, String at) {
        if (raw == null) {
            return base;
        }
        double rate = raw.failureRate() != null ? raw.failureRate() : base.failureRate();
        if (!(rate > 0 && rate <= 1)) {
            problems.add(at + ".failure_rate: must be above 0 and at most 1");
        }
        return new RoutingPolicy.Breaker(rate,
                (int) atLeast(raw.minCalls(), base.minCalls(), 1, at + ".min_calls"),
                (int) atLeast(raw.windowSeconds(), base.windowSeconds(), 1, at + ".window_seconds"),
                (int) atLeast(raw.consecutiveFailures(), base.consecutiveFailures(), 1, at + ".consecutive_failures"),
                atLeast(raw.cooldownMs(), base.cooldownMs(), 1, at + ".cooldown_ms"),
                (int) atLeast(raw.halfOpenProbes(), base.halfOpenProbes(), 1, at + ".half_open_probes"));
    }

    private RoutingPolicy.Hedge hedge(RoutingPolicy.Hedge base, RawConfig.RawHedge raw, String at) {
        if (raw == null) {
            return base;
        }
        int percent = (int) atLeast(raw.maxPercent(), base.maxPercent(), 0, at + ".max_percent");
        if (percent > 100) {
            problems.add(at + ".max_percent: at most 100");
        }
        return new RoutingPolicy.Hedge(raw.enabled() != null ? raw.enabled() : base.enabled(),
                atLeast(raw.afterMs(), base.afterMs(), 0, at + ".after_ms"), percent);
    }

    private long atLeast(Number value, long fallback, long min, String field) {
        if (value == null) {
            return fallback;
        }
        if (value.longValue() < min) {
            problems.add(field + ": must be at least " + min);
        }
        return value.longValue();
    }
}
