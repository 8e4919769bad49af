package dev.tollgate.core.pipeline;

import dev.tollgate.core.abuse.AbuseMonitor;
import dev.tollgate.core.abuse.AbuseSettings;
import dev.tollgate.core.queue.CapacityQueue;
import dev.tollgate.core.queue.QueueMetrics;
import dev.tollgate.core.auth.ClientAuthenticator;
import dev.tollgate.core.cache.CacheMetrics;
import dev.tollgate.core.cache.ResponseCache;
import dev.tollgate.core.cache.SemanticIndex;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.dialect.openai.OpenAiDialect;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.ModelCatalog;
import dev.tollgate.core.ledger.ChargeRule;
import dev.tollgate.core.ledger.Ledger;
import dev.tollgate.core.ledger.Reservation;
import dev.tollgate.core.ledger.WorstCase;
import dev.tollgate.core.limits.Limit;
import dev.tollgate.core.limits.LimitHold;
import dev.tollgate.core.limits.RateLimitHeaders;
import dev.tollgate.core.limits.RateLimiter;
import dev.tollgate.core.openai.ByteView;
import dev.tollgate.core.routing.Router;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.openai.RequestSniffer;
import dev.tollgate.core.observe.tracing.Tracing;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.provider.ProviderAdapter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one pipeline every client call walks. The order of the stages lives here and nowhere else:
 *
 * <pre>
 * ingress      request id, endpoint the client called     (this class)
 * authenticate address allowance, gateway key → caller,    (ClientAuthenticator, KeyDirectory)
 *              from the snapshot; key policies (enabled, expiry, IPs)
 * read body    bounded by server.max_body_bytes           (this class)
 * abuse scan   a gateway key pasted into the content, only   (AbuseMonitor; off unless configured)
 *              when the key-in-prompt detector is on
 * decode       model / stream / include_usage, no binding (RequestSniffer)
 * authorize    model exists, key may use it               (this class)
 * limit        rate limits of the key, user, team, org and  (RateLimiter; skipped when none apply)
 *              model group, all taken at once or refused with 429 (one state round trip)
 * guardrails   pre-call checks of the guardrails attached to  (GuardStage; skipped when none apply)
 *              the org, team, key or model group; may rewrite the body (redaction)
 * cache        tenant-scoped exact cache, when the group  (CacheStage)
 *              caches: hit → answer (replayed stream); miss → record, store when complete;
 *              then, if the group opts in, the semantic cache (SemanticLookup: embed, nearest neighbour)
 * reserve      worst-case charge on every budget and the  (Ledger, WorstCase)
 *              prepaid balance that apply, all or none; refused with 429/402
 * route+retry  deployment and key per attempt; failover,  (Failover, Router, CapacityQueue)
 *              fallbacks, backoff, deadline — until a byte reaches the client; a call finding every
 *              deployment at its cap waits in the fair queue
 * translate    only when the upstream does not speak the client's API (UpstreamOperation): client dialect →
 *              canonical (ClientDialect), canonical → upstream (ChatTranslation); otherwise the byte-forwarding
 *              fast path
 * call + relay upstream request, stream out as it arrives (UpstreamCall, StreamRelay), per attempt; post-call
 *              guardrails on buffered answers before they are sent, on streams at checkpoints (StreamGuard)
 * settle       usage (reported or estimated), cost        (Settlement)
 * book / log   async usage booking, metrics, access log   (Settlement)
 * </pre>
 *
 * Runs on the event loop that received the request; nothing here blocks.
 */
public final class Pipeline {


    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final Supplier<ActiveConfig> config;
    private final ClientAuthenticator auth;
    private final Failover failover;
    private final CacheStage cache;
    private final Settlement settlement;
    private final GuardStage guards;
    private final Clock clock;
    private final Ledger ledger;
    private final ChargeRule chargeRule;
    private final RateLimiter limiter;
    private final RequestSniffer sniffer = new RequestSniffer();
    private final Tracing tracing;
    private final AbuseMonitor abuse;

    public Pipeline(Supplier<ActiveConfig> config, ClientAuthenticator auth, Map<String, ProviderAdapter> adapters,
                    Router router, UpstreamCall upstream, Settlement settlement, Clock clock, Vertx vertx,
                    Ledger ledger, ChargeRule chargeRule, ResponseCache responseCache, CacheMetrics cacheMetrics,
                    GuardStage guards, Tracing tracing, CapacityQueue queue, QueueMetrics queueMetrics,
                    AbuseMonitor abuse, RateLimiter limiter, SemanticIndex semanticIndex) {
        this.guards = guards;
        this.tracing = tracing;
        this.abuse = abuse;
        this.limiter = limiter;
        this.config = config;
        this.ledger = ledger;
        this.chargeRule = chargeRule;
        this.auth = auth;
        this.failover = new Failover(router, upstream, settlement, adapters, vertx, queue, queueMetrics);
        this.cache = new CacheStage(responseCache, cacheMetrics, settlement, vertx,
                semanticIndex == null || guards == null ? null
                        : new SemanticLookup(semanticIndex, guards.context(), vertx));
        this.settlement = settlement;
        this.clock = clock;
    }

    /** A call in the OpenAI dialect. */
    public void handle(HttpServerRequest req, Endpoint endpoint) {
        handle(req, endpoint, OpenAiDialect.INSTANCE);
    }

    public void handle(HttpServerRequest req, Endpoint endpoint, ClientDialect dialect) {
        Exchange ex = new Exchange(RequestIds.next(), endpoint, System.nanoTime(), clock.instant(), config.get(),
                dialect);
        ex.span = tracing.start(endpoint, ex.requestId, req.headers()); // CallSpan.NONE with tracing off
        req.response().putHeader("x-request-id", ex.requestId);
        if (!dialect.requestIdHeader().equals("x-request-id")) {
            req.response().putHeader(dialect.requestIdHeader(), ex.requestId);
        }
        if (!settlement.acceptsCalls()) { // usage.on_spool_full: fail_closed, and the spool is full
            settlement.reject(ex, req, GatewayError.usageNotRecordable());
            return;
        }

        ex.clientIp = clientIp(req);
        KeyDirectory.Result auth = this.auth.authenticate(PresentedKey.from(req.headers()), ex.clientIp);
        // a genuine key refused for its address is booked against it, like a refused model
        ex.caller = auth.caller();
        if (!auth.accepted()) {
            settlement.reject(ex, req, GatewayError.refused(auth));
            return;
        }
        long throttled = abuse.throttledRetryAfterSeconds(ex.caller.keyId());
        if (throttled > 0) { // an automatic abuse action capped this key for a while
            settlement.reject(ex, req, GatewayError.rateLimited(
                    "This key is temporarily rate limited after unusual activity.", throttled));
            return;
        }
        readBody(ex, req);
    }

    private void readBody(Exchange ex, HttpServerRequest req) {
        long limit = ex.active.config().server().maxBodyBytes();
        String declared = req.getHeader("content-length");
        if (declared != null && parseLong(declared) > limit) {
            settlement.reject(ex, req, GatewayError.bodyTooLarge(limit));
            return;
        }
        BodyCollector body = new BodyCollector(declared != null ? (int) Math.max(0, Math.min(parseLong(declared), limit)) : 0);
        req.handler(chunk -> {
            if (ex.finished) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                settlement.reject(ex, req, GatewayError.bodyTooLarge(limit));
                return;
            }
            body.add(chunk);
        });
        req.exceptionHandler(err -> {
            if (!ex.finished) {
                log.debug("request {} failed while reading its body: {}", ex.requestId, err.toString());
                settlement.clientGone(ex);
            }
        });
        req.endHandler(v -> {
            if (!ex.finished) {
                decode(ex, req, body.result());
            }
        });
    }

    private void decode(Exchange ex, HttpServerRequest req, Buffer body) {
        ex.body = ByteView.of(body);
        if (abuse.scansContent()) {
            AbuseSettings.Action action = abuse.scanContent(ex.caller, ex.body.array(), ex.body.offset(),
                    ex.body.length());
            if (action == AbuseSettings.Action.REFUSE || action == AbuseSettings.Action.SUSPEND) {
                settlement.reject(ex, req, GatewayError.invalidRequest("The request contains a Tollgate API key. "
                        + "Keys must never be sent as content; the key's owner has been alerted.", null));
                return;
            }
        }
        try {
            ex.facts = sniffer.sniff(ex.body);
        } catch (MalformedRequestException e) {
            settlement.reject(ex, req, GatewayError.invalidRequest(e.getMessage(), e.param()));
            return;
        }
        ex.span.request(ex.facts.model(), ex.facts.maxOutputTokens(), ex.streaming());
        authorize(ex, req);
    }

    private void authorize(Exchange ex, HttpServerRequest req) {
        String model = ex.facts.model();
        ModelCatalog.Resolved resolved = ex.active.models().resolve(model);
        if (resolved == null) {
            settlement.reject(ex, req, GatewayError.modelNotFound(model));
            return;
        }
        if (!ex.caller.models().allows(model)) {
            settlement.reject(ex, req, GatewayError.modelNotAllowed(model));
            return;
        }
        ex.enter(resolved.group(), resolved.wildcardPart());
        ex.keepBodies = ex.active.config().requestLog().keepsBodies(ex.caller.keyId(), ex.caller.teamId());
        limit(ex, req);
    }

    /**
     * Takes the call's rate limits (request windows, its worst-case tokens on token windows, a concurrency slot),
     * all or none. A caller no limit applies to passes straight on without touching any state.
     */
    private void limit(Exchange ex, HttpServerRequest req) {
        GatewayConfig config = ex.active.config();
        List<Limit> limits = RateLimiter.limitsFor(ex.caller, ex.primaryGroup.name(), config.limits());
        if (limits.isEmpty()) {
            guard(ex, req);
            return;
        }
        long tokens = RateLimiter.countsTokens(limits) ? worstCaseTokens(ex, config) : 0;
        limiter.acquire(limits, tokens, ex.requestId, config.limits()).onComplete(r -> {
            LimitHold hold = r.succeeded() ? r.result() : LimitHold.NONE;
            if (ex.finished) { // the client left while the state answered
                limiter.settle(hold, 0);
                return;
            }
            RateLimitHeaders.write(req.response(), hold);
            if (!hold.granted()) {
                settlement.reject(ex, req, hold.refusal());
                return;
            }
            ex.limits = hold;
            guard(ex, req);
        });
    }

    /** Prompt: one token per body byte at most, plus overhead; output: max_tokens or the ledger's default. */
    private static long worstCaseTokens(Exchange ex, GatewayConfig config) {
        long output = ex.facts.maxOutputTokens() >= 0 ? ex.facts.maxOutputTokens()
                : config.ledger().defaultOutputTokens();
        return ex.body.length() + config.ledger().promptOverheadTokens() + output;
    }

    private void guard(Exchange ex, HttpServerRequest req) {
        var applicable = ex.active.config().guardrails().applicable(ex.caller.orgId(), ex.caller.teamId(),
                ex.caller.keyId(), ex.primaryGroup.name());
        if (applicable.isEmpty()) {
            lookUp(ex, req);
            return;
        }
        guards.pre(ex, req, applicable, settlement, () -> lookUp(ex, req));
    }

    /**
     * The response cache, unless a guardrail rewrote the request (redaction): that call's answer carries its own
     * values put back, which must never be served to a call that only looks the same once redacted.
     */
    private void lookUp(Exchange ex, HttpServerRequest req) {
        if (cache.applies(ex) && (ex.guard == null || ex.guard.restore.isEmpty())) {
            cache.enter(ex, req, () -> reserve(ex, req));
        } else {
            reserve(ex, req);
        }
    }

    /**
     * Holds the call's worst-case charge on the caller's budgets and balance. A caller none apply to passes
     * straight on (no allocation, no state round trip). Without metering nothing would settle, so nothing is held.
     */
    private void reserve(Exchange ex, HttpServerRequest req) {
        GatewayConfig config = ex.active.config();
        if (!config.features().metering() || !ledger.applies(ex.caller)) {
            failover.begin(ex, req);
            return;
        }
        long cost = WorstCase.costNanoUsd(ex.primaryGroup, ex.wildcardPart, config.models(), ex.active.prices(),
                ex.body.length(), ex.facts.maxOutputTokens(), config.ledger(), ex.startedAt);
        long amount = chargeRule.charge(ex.caller, ex.facts.model(), cost);
        ledger.reserve(ex.caller, amount, config.ledger()).onComplete(r -> {
            Reservation reservation = r.succeeded() ? r.result() : Reservation.NONE;
            if (ex.finished) { // the client left while the state answered
                ledger.settle(reservation, 0, ex.requestId);
                return;
            }
            if (!reservation.granted()) {
                settlement.reject(ex, req, reservation.refusal());
                return;
            }
            ex.reservation = reservation;
            failover.begin(ex, req);
        });
    }

    static String clientIp(HttpServerRequest req) {
        return req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
