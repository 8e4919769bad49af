package dev.tollgate.core.pipeline;

import dev.tollgate.core.booking.UsageBooker;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.ledger.ChargeRule;
import dev.tollgate.core.ledger.Ledger;
import dev.tollgate.core.ledger.Reservation;
import dev.tollgate.core.metering.TokenEstimator;
import dev.tollgate.core.observe.GatewayMetrics;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The end of every call, successful or not: answers errors in the OpenAI format, settles usage (the
 * upstream's report, or a tokenizer estimate when there is none), prices it, charges it (the cost through the
 * caller's pricing group, {@link PricingGroups}), and hands the usage event to
 * the booker, the metrics and the access log. Each exchange is finished exactly once. Event-loop only;
 * the one CPU-heavy step (estimating tokens) runs on a worker thread.
 *
 * <p>Acknowledgement order: the relays hand over the response's last write ({@code lastWrite}) instead of making
 * it, and it runs only after the usage event is in the spool. So a client that got a whole answer has its
 * call on disk (in the page cache, which survives the gateway being killed). When the tokens must be estimated
 * (the upstream reported none, or a stream broke off), the last write waits for the estimate on the worker
 * thread, typically well under a millisecond; the bytes before it have gone out already.
 */
public final class Settlement {

    private static final Logger access = LoggerFactory.getLogger("tollgate.access");
    /** Status recorded for calls the client abandoned (nginx's convention; never sent). */
    static final int CLIENT_CLOSED = 499;
    /** How long a refused request's unread body is drained before its connection is closed anyway. */
    private static final long LINGER_MS = 2_000;

    private final UsageBooker booker;
    private final GatewayMetrics metrics;
    private final TokenEstimator estimator;
    private final Vertx vertx;
    private final Ledger ledger;
    private final ChargeRule chargeRule;
    private final dev.tollgate.core.observe.BodyLog bodies;
    private final dev.tollgate.core.limits.RateLimiter limiter;

    private final dev.tollgate.core.abuse.AbuseMonitor abuse;

    public Settlement(UsageBooker booker, GatewayMetrics metrics, TokenEstimator estimator, Vertx vertx,
                      Ledger ledger, ChargeRule chargeRule, dev.tollgate.core.observe.BodyLog bodies,
                      dev.tollgate.core.abuse.AbuseMonitor abuse, dev.tollgate.core.limits.RateLimiter limiter) {
        this.bodies = bodies;
        this.abuse = abuse;
        this.limiter = limiter;
        this.ledger = ledger;
        this.chargeRule = chargeRule;
        this.booker = booker;
        this.metrics = metrics;
        this.estimator = estimator;
        this.vertx = vertx;
    }

    /** Answers a call the gateway refuses before (or instead of) calling upstream. */
    void reject(Exchange ex, HttpServerRequest req, GatewayError error) {
        HttpServerResponse res = req.response();
        boolean bodyUnread = !req.isEnded();
        if (bodyUnread && req.version() != HttpVersion.HTTP_2 && !res.headWritten()) {
            // The rest of the body is not wanted, so the connection cannot carry another request. Closing at
            // once would reset it while the client is still sending, and the client would lose this answer:
            // drain what comes (a lingering close, as nginx does) and close when the body ends or soon after.
            res.putHeader("connection", "close");
            req.handler(ignored -> { });
            req.endHandler(v -> req.connection().close());
            vertx.setTimer(LINGER_MS, t -> req.connection().close());
        }
        finish(ex, error.status(), error.type(), () -> ErrorResponses.send(res, error, ex.dialect));
    }

    /** Answers an upstream failure that happened before any byte reached the client. */
    void fail(Exchange ex, HttpServerResponse res, GatewayError error) {
        finish(ex, error.status(), error.type(), () -> ErrorResponses.send(res, error, ex.dialect));
    }

    /** Ends a stream that already started with an error event (in the client's dialect), as SDKs expect. */
    void failMidStream(Exchange ex, HttpServerResponse res, Buffer errorEvent, String errorType) {
        finish(ex, res.getStatusCode(), errorType, () -> {
            if (!res.ended() && !res.closed()) {
                res.end(errorEvent);
            }
        });
    }

    void clientGone(Exchange ex) {
        ex.cancelAttempts(); // frees the upstreams too
        finish(ex, CLIENT_CLOSED, "client_closed", null);
    }

    /**
     * A call answered successfully.
     *
     * @param lastWrite ends the response (its last bytes); run once the call's usage is spooled
     */
    void succeed(Exchange ex, int status, Runnable lastWrite) {
        finish(ex, status, null, lastWrite);
    }

    /** False while the gateway refuses new calls because their usage could not be recorded (spool full). */
    boolean acceptsCalls() {
        return booker.acceptsCalls();
    }

    /** @param lastWrite the response's last write, or null when nothing more goes to the client */
    private void finish(Exchange ex, int status, String errorType, Runnable lastWrite) {
        if (ex.finished) {
            return; // the first settlement owns the response's end (it may still be waiting for an estimate)
        }
        ex.finished = true;
        endRouting(ex);
        ex.status = status;
        ex.errorType = errorType;
        long endNanos = System.nanoTime();
        if (ex.usage == null && needsEstimate(ex) && ex.active.config().features().metering()) {
            // The upstream answered but never said what it used (e.g. a stream cut short): count it ourselves.
            estimate(ex).onComplete(r -> {
                ex.usage = r.succeeded() ? r.result() : TokenUsage.NONE;
                record(ex, endNanos, lastWrite);
            });
        } else {
            record(ex, endNanos, lastWrite);
        }
    }

    /** Stops the call's timers and frees its last attempt's route slot (a no-op if it already reported). */
    private void endRouting(Exchange ex) {
        if (ex.deadlineTimer >= 0) {
            vertx.cancelTimer(ex.deadlineTimer);
        }
        if (ex.retryTimer >= 0) {
            vertx.cancelTimer(ex.retryTimer);
        }
        if (ex.leaveQueue != null) {
            ex.leaveQueue.run(); // the client left (or the deadline passed) while the call waited for capacity
            ex.leaveQueue = null;
        }
        for (Attempt a : List.copyOf(ex.inFlight)) {
            a.end();
        }
        if (ex.attempt != null) {
            ex.attempt.end();
        }
    }

    private static boolean needsEstimate(Exchange ex) {
        return ex.firstByteNanos > 0 && ex.body != null;
    }

    /** The call's usage counted by the gateway's tokenizer, off the event loop (the count is CPU-bound). */
    Future<TokenUsage> estimate(Exchange ex) {
        return vertx.executeBlocking(() -> count(ex));
    }

    private TokenUsage count(Exchange ex) {
        long prompt = estimator.countPrompt(ex.body.array(), ex.body.offset(), ex.body.length());
        StringBuilder generated = ex.generatedText();
        long completion = generated == null ? 0 : estimator.countText(generated.toString());
        return new TokenUsage(prompt, completion, 0, 0, true);
    }

    private void record(Exchange ex, long endNanos, Runnable lastWrite) {
        GatewayConfig.Features features = ex.active.config().features();
        TokenUsage usage = ex.usage != null ? ex.usage : TokenUsage.NONE;
        String upstreamModel = ex.upstreamModel();
        if (ex.attempt != null) {
            ex.attempt.route.tokensUsed(usage.promptTokens() + usage.completionTokens());
        }
        String provider = ex.provider() != null ? ex.provider().name() : null;
        // priced by what served the call (deployment, provider account, upstream model) at the price in force when
        // it started; the per-request fee only once an answer started reaching the client. A cache hit books the
        // original tokens at no cost: nothing was owed upstream.
        long cost = features.metering() && upstreamModel != null && !ex.cacheHit
                ? ex.active.prices().costNanoUsd(upstreamModel, provider, ex.deployment(), ex.startedAt, usage,
                        ex.firstByteNanos > 0)
                : 0;
        long latencyNanos = endNanos - ex.startNanos;
        long ttftNanos = ex.firstByteNanos > 0 ? ex.firstByteNanos - ex.startNanos : 0;
        if (features.metrics()) {
            metrics.call(ex.endpoint, ex.modelLabel(), ex.status, ex.errorType, latencyNanos, ttftNanos, ex.streaming());
            metrics.routed(ex.modelLabel(), ex.attempts,
                    ex.group != null && ex.group != ex.primaryGroup ? ex.group.name() : null, ex.hedged);
            if (provider != null && features.metering()) {
                metrics.tokens(ex.modelLabel(), provider, usage, cost);
                if (ex.caller != null) {
                    metrics.team(ex.modelLabel(), ex.caller.teamId(), usage, cost);
                }
            }
        }
        if (ex.limits.needsSettle()) {
            // the token windows keep what was used upstream (a cache hit used nothing), the slot is freed
            var held = ex.limits;
            ex.limits = dev.tollgate.core.limits.LimitHold.NONE;
            limiter.settle(held, ex.cacheHit ? 0 : usage.promptTokens() + usage.completionTokens());
        }
        boolean booking = ex.caller != null && features.metering();
        long charge = !booking || cost == 0 ? 0 : chargeRule.charge(ex.caller, ex.facts != null ? ex.facts.model() : null, cost);
        if (ex.reservation.holdsAny()) {
            // release the worst case, keep the actual charge (0: a failed call is refunded in full); a prepaid
            // balance that ran out collects less, and the event books what was collected
            Reservation held = ex.reservation;
            ex.reservation = Reservation.NONE;
            ledger.settle(held, charge, ex.requestId).onComplete(r -> {
                if (booking) {
                    book(ex, usage, cost, r.succeeded() ? r.result() : charge, provider, upstreamModel, latencyNanos,
                            ttftNanos);
                }
            });
        } else if (booking) {
            book(ex, usage, cost, charge, provider, upstreamModel, latencyNanos, ttftNanos);
        }
        if (ex.keepBodies && booking && ex.body != null) {
            StringBuilder generated = ex.keptAnswer == null ? ex.generatedText() : null;
            bodies.submit(ex.requestId, ex.startedAt, java.util.Arrays.copyOfRange(ex.body.array(), ex.body.offset(),
                    ex.body.offset() + ex.body.length()), ex.keptAnswer, generated == null ? null : generated.toString(),
                    ex.active.config().requestLog());
        }
        if (lastWrite != null) {
            lastWrite.run(); // after the spool append: an answered call is a recorded call
        }
        ex.span.end(ex.status, ex.errorType, usage, cost, ex.cacheHit, upstreamModel, ex.deployment(), ex.attempts);
        if (features.accessLog()) {
            logAccess(ex, usage, cost, latencyNanos, ttftNanos, provider);
        }
    }

    private void book(Exchange ex, TokenUsage usage, long cost, long charge, String provider, String upstreamModel,
                      long latencyNanos, long ttftNanos) {
        abuse.called(ex.caller, ex.clientIp, charge);
        booker.submit(new UsageEvent(ex.requestId, ex.startedAt, ex.caller.keyId(), ex.caller.teamId(),
                ex.caller.userId(), ex.endpoint, ex.facts != null ? ex.facts.model() : null, provider,
                upstreamModel, ex.streaming(), usage, cost, latencyNanos / 1_000, ttftNanos / 1_000,
                ex.status, ex.errorType, ex.deployment(), ex.attempts, ex.caller.orgId(), charge, ex.cacheHit));
    }

    private static void logAccess(Exchange ex, TokenUsage usage, long cost, long latencyNanos, long ttftNanos,
                                  String provider) {
        access.atInfo()
                .addKeyValue("request_id", ex.requestId)
                .addKeyValue("endpoint", ex.endpoint.openAiPath())
                .addKeyValue("key", ex.caller != null ? ex.caller.keyPrefix() : null)
                .addKeyValue("model", ex.facts != null ? ex.facts.model() : null)
                .addKeyValue("provider", provider)
                .addKeyValue("upstream_model", ex.upstreamModel())
                .addKeyValue("deployment", ex.deployment())
                .addKeyValue("attempts", ex.attempts)
                .addKeyValue("hedged", ex.hedged)
                .addKeyValue("stream", ex.streaming())
                .addKeyValue("cache_hit", ex.cacheHit)
                .addKeyValue("status", ex.status)
                .addKeyValue("error_type", ex.errorType)
                .addKeyValue("prompt_tokens", usage.promptTokens())
                .addKeyValue("completion_tokens", usage.completionTokens())
                .addKeyValue("tokens_estimated", usage.estimated())
                .addKeyValue("cost_usd", java.math.BigDecimal.valueOf(cost, 9)) // exact, not a double
                .addKeyValue("latency_ms", latencyNanos / 1e6)
                .addKeyValue("ttft_ms", ttftNanos / 1e6)
                .addKeyValue("guardrails", ex.guard != null ? ex.guard.summary() : null)
                .log("call");
    }
}
