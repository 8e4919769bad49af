package dev.tollgate.core.limits;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.spi.store.RatePolicies;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rate limits per key, user, team, organisation and model group (docs/limits.md). {@link #acquire} checks and
 * takes every limit that applies to a call in one atomic state operation (one Redis round trip in a cluster);
 * {@link #settle} corrects the token windows to the call's actual tokens and frees its concurrency slots.
 *
 * <p>While the shared state cannot be reached, {@code limits.on_state_unavailable} decides: {@code local} keeps
 * limiting on this node with each limit divided by {@code limits.expected_nodes}, {@code fail_open} lets calls
 * through, {@code fail_closed} refuses them (503). An outage is logged once when it starts and once when it ends;
 * during it the shared state is tried again at most once a second, so calls do not each wait for it, and shared
 * limiting resumes by itself once it answers.
 *
 * <p>Never blocks. Futures complete on the caller's Vert.x context.
 */
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final long PROBE_MS = 1_000;

    private final LimitState shared;
    private final InProcessLimitState local;
    private final LimitMetrics metrics;
    private final Clock clock;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long probeAt;

    /**
     * @param shared the cluster's state (Redis), or null in embedded mode, where {@code local} is the state
     * @param local  this process's counters
     */
    public RateLimiter(LimitState shared, InProcessLimitState local, LimitMetrics metrics, Clock clock) {
        this.shared = shared;
        this.local = local;
        this.metrics = metrics;
        this.clock = clock;
    }

    public String describe() {
        return shared != null ? shared.describe() : local.describe();
    }

    /** True while the shared state is considered unreachable (calls use the fallback policy). */
    public boolean degraded() {
        return down.get();
    }

    /** The limits that apply to a call of {@code caller} on {@code group}, in a fixed order; empty for most. */
    public static List<Limit> limitsFor(Caller caller, String group, GatewayConfig.Limits settings) {
        RatePolicies names = caller.ratePolicies();
        if (!settings.any() || (names.isEmpty() && (group == null || !settings.groups().containsKey(group)))) {
            return List.of(); // the common case: nothing to count, nothing allocated
        }
        List<Limit> out = new ArrayList<>(4);
        add(out, "key", caller.keyId(), settings, names.key());
        add(out, "user", caller.userId(), settings, names.user());
        add(out, "team", caller.teamId(), settings, names.team());
        add(out, "org", caller.orgId(), settings, names.org());
        LimitPolicy groupPolicy = group != null ? settings.groups().get(group) : null;
        if (groupPolicy != null) {
            add(out, "model_group", group, groupPolicy);
        }
        return out;
    }

    private static void add(List<Limit> out, String scope, String id, GatewayConfig.Limits settings, String policy) {
        if (policy == null || id == null) {
            return;
        }
        LimitPolicy p = settings.policies().get(policy);
        if (p != null) {
            add(out, scope, id, p);
        }
    }

    private static void add(List<Limit> out, String scope, String id, LimitPolicy p) {
        if (p.rps() > 0) {
            out.add(Limit.rps(scope, id, p.rps()));
        }
        if (p.rpm() > 0) {
            out.add(Limit.rpm(scope, id, p.rpm()));
        }
        if (p.tpm() > 0) {
            out.add(Limit.tpm(scope, id, p.tpm()));
        }
        if (p.concurrency() > 0) {
            out.add(Limit.concurrency(scope, id, p.concurrency()));
        }
    }

    public static boolean countsTokens(List<Limit> limits) {
        for (Limit l : limits) {
            if (l.kind() == Limit.Kind.TOKENS) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes every limit in {@code limits} for one call ({@code tokens}: its worst case, for token windows), or
     * none. An empty list is granted at once without touching any state.
     */
    public Future<LimitHold> acquire(List<Limit> limits, long tokens, String requestId,
                                     GatewayConfig.Limits settings) {
        if (limits.isEmpty()) {
            return Future.succeededFuture(LimitHold.NONE);
        }
        if (shared == null) {
            return decide(limits, local, local.acquire(limits, tokens, requestId, settings.leaseMs()).result(), tokens,
                    requestId);
        }
        long now = clock.millis();
        if (down.get() && now < probeAt) {
            return Future.succeededFuture(fallback(limits, tokens, requestId, settings));
        }
        probeAt = now + PROBE_MS;
        Future<LimitState.Outcome> call = shared.acquire(limits, tokens, requestId, settings.leaseMs());
        Future<LimitState.Outcome> bounded = call.timeout(settings.stateTimeoutMs(), TimeUnit.MILLISECONDS);
        // limits the state took after we stopped waiting: give the tokens and the lease back
        bounded.onFailure(timedOut -> call.onSuccess(late -> {
            if (late.granted()) {
                shared.settle(limits, late.nowMs(), -tokens, requestId);
            }
        }));
        Future<LimitHold> outcome = bounded.map(o -> {
            if (down.compareAndSet(true, false)) {
                log.info("rate-limit state ({}) reachable again: shared limits resumed", shared.describe());
            }
            return decide(limits, shared, o, tokens, requestId).result();
        }).recover(err -> {
            if (down.compareAndSet(false, true)) {
                log.warn("rate-limit state ({}) unreachable ({}); limits.on_state_unavailable: {} until it answers "
                        + "again", shared.describe(), err.toString(), settings.onStateUnavailable().configName());
            }
            probeAt = clock.millis() + PROBE_MS;
            return Future.succeededFuture(fallback(limits, tokens, requestId, settings));
        });
        return onCallersContext(outcome);
    }

    private LimitHold fallback(List<Limit> limits, long tokens, String requestId, GatewayConfig.Limits settings) {
        metrics.unavailable(settings.onStateUnavailable().configName());
        return switch (settings.onStateUnavailable()) {
            case FAIL_OPEN -> LimitHold.NONE;
            case FAIL_CLOSED -> new LimitHold(limits, null, 0, 0, requestId, null, new GatewayError(503,
                    "server_error", "rate_limit_state_unavailable", null,
                    "Rate limits cannot be checked right now; try again shortly.", 1));
            case LOCAL -> {
                List<Limit> shares = new ArrayList<>(limits.size());
                for (Limit l : limits) {
                    shares.add(l.share(settings.expectedNodes()));
                }
                LimitState.Outcome o = local.acquire(shares, tokens, requestId, settings.leaseMs()).result();
                yield decide(shares, local, o, tokens, requestId).result();
            }
        };
    }

    private Future<LimitHold> decide(List<Limit> limits, LimitState state, LimitState.Outcome o, long tokens,
                                     String requestId) {
        if (o.granted()) {
            return Future.succeededFuture(new LimitHold(limits, state, o.nowMs(), tokens, requestId, o, null));
        }
        Limit refusing = limits.get(o.refused());
        metrics.refused(refusing);
        return Future.succeededFuture(new LimitHold(limits, null, o.nowMs(), 0, requestId, o,
                refusal(refusing, o.retryAfterMs(), tokens)));
    }

    /**
     * Gives back what the call took: the difference between its reserved and actual tokens, and its concurrency
     * slots. Fire and forget: a settlement the state cannot take is logged at debug level (the window forgets the
     * reservation within a minute, and a lease expires after {@code limits.lease_ms}).
     */
    public void settle(LimitHold hold, long actualTokens) {
        if (!hold.needsSettle()) {
            return;
        }
        hold.state().settle(hold.limits(), hold.atMs(), actualTokens - hold.reservedTokens(), hold.leaseId())
                .onFailure(err -> log.debug("rate-limit state ({}) could not settle request {}: {}",
                        hold.state().describe(), hold.leaseId(), err.toString()));
    }

    static GatewayError refusal(Limit limit, long retryAfterMs, long tokens) {
        String what = switch (limit.kind()) {
            case REQUESTS -> limit.periodMs() == 1_000 ? "requests per second" : "requests per minute";
            case TOKENS -> "tokens per minute";
            case CONCURRENCY -> "concurrent requests";
        };
        String scope = limit.scope().equals("model_group") ? "model '" + limit.id() + "'"
                : limit.scope() + " '" + limit.id() + "'";
        if (limit.kind() == Limit.Kind.TOKENS && tokens > limit.max()) {
            // no wait makes it fit: say so, and tell SDKs not to retry
            return new GatewayError(429, "rate_limit_error", "tokens_limit_unattainable", null,
                    "This request may use up to " + tokens + " tokens, more than the limit of " + limit.max() + " "
                            + what + " on " + scope + ". Lower max_tokens or shorten the request.", 0);
        }
        long seconds = Math.max(1, (retryAfterMs + 999) / 1_000);
        return new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", null,
                "Rate limit reached for " + what + " on " + scope + ": limit " + limit.max() + ". Try again in "
                        + seconds + "s.", seconds);
    }

    /** The same outcome, delivered on the Vert.x context that asked (a state may answer on another thread). */
    private static <T> Future<T> onCallersContext(Future<T> f) {
        Context ctx = Vertx.currentContext();
        if (ctx == null || f.isComplete()) {
            return f;
        }
        Promise<T> p = Promise.promise();
        f.onComplete(r -> {
            if (Vertx.currentContext() == ctx) {
                p.handle(r);
            } else {
                ctx.runOnContext(v -> p.handle(r));
            }
        });
        return p.future();
    }

    public void close() {
        if (shared != null) {
            shared.close();
        }
    }
}
