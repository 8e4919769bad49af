package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.ledger.Reservation;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.openai.ByteView;
import dev.tollgate.core.openai.RequestFacts;
import dev.tollgate.core.observe.tracing.CallSpan;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.ProviderSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one call as it walks the pipeline. Confined to the event loop that received the request.
 *
 * <pre>
 * attribute        set by              read by
 * requestId        Pipeline (ingress)  every stage, logs, booking
 * caller           authenticate        authorize, booking
 * dialect          Pipeline (ingress)  decode, answers, errors
 * body, facts      decode              route, upstream call, estimate
 * canonical, translation  route (formats differ)  upstream call, relay
 * primaryGroup     authorize           metrics, retry policy
 * group            authorize, failover the current attempt (a fallback group after a switch)
 * limits           limit               settle (tokens corrected, concurrency slot freed)
 * reservation     reserve             settle (released, charged or refunded once)
 * tags, deadline   failover            every attempt
 * attempt, attempts, deployment  failover (per attempt)  upstream call, relay, headers, booking
 * provider, upstreamModel  failover (per attempt)  upstream call, metering
 * firstByteNanos   relay               metrics, booking (TTFT)
 * usage            relay, cache stage  settle (cost), booking
 * recorder, cacheHit  cache stage      relay (records, stores), settle (books a hit at no cost)
 * status, error    respond / relay     metrics, booking, log
 * guard            guardrails (after authorize, only when some apply)  upstream call, relay, log
 * span             Pipeline (ingress; CallSpan.NONE with tracing off)  failover (attempt spans), settle (ends it)
 * keepBodies       authorize (request_log.bodies)  upstream call (keeps the answer), settle (hands bodies to BodyLog)
 * </pre>
 */
final class Exchange {

    final String requestId;
    final Endpoint endpoint;
    final long startNanos;
    final Instant startedAt;
    final ActiveConfig active;
    /** The protocol the client speaks; errors and answers go back in it. */
    final ClientDialect dialect;

    Caller caller;
    /** The rate limits the call took (worst-case tokens, a concurrency slot) until it settles; NONE when none apply. */
    dev.tollgate.core.limits.LimitHold limits = dev.tollgate.core.limits.LimitHold.NONE;
    /** The worst case held on the caller's budgets and balance until the call settles; NONE when nothing applies. */
    Reservation reservation = Reservation.NONE;
    /** The request body as received; read in place, never copied. */
    ByteView body;
    RequestFacts facts;
    /** The group the client's model name resolved to; {@link #group} differs once a fallback is used. */
    GatewayConfig.ModelGroup primaryGroup;
    GatewayConfig.ModelGroup group;
    /** What a wildcard group's {@code *} matched in the requested name. */
    String wildcardPart = "";
    List<String> tags = List.of();
    /** Deployment names tried in the current group since the last wait. */
    final Set<String> tried = new HashSet<>(4);
    final Set<String> visitedGroups = new HashSet<>(2);
    final List<String> pendingFallbacks = new ArrayList<>(2);
    /** The attempt that speaks for the call: the one answering, or the last one tried. */
    Attempt attempt;
    /** Attempts started and not yet over: more than one while a hedge races the first. */
    final List<Attempt> inFlight = new ArrayList<>(2);
    int attempts;
    /** A second attempt raced the first because the first was slow to answer. */
    boolean hedged;
    AttemptFailure lastFailure;
    long waitedNanos;
    long deadlineNanos;
    long deadlineTimer = -1;
    /** The peer's address (abuse detection: addresses per key). */
    String clientIp;
    /** The wait timer of a retry, or of the capacity queue while the call waits there. */
    long retryTimer = -1;
    /** Takes the call out of the capacity queue while it waits there; null otherwise. */
    Runnable leaveQueue;
    /** Set when client and upstream formats differ: the call's canonical request and its translation. */
    ObjectNode canonical;
    long firstByteNanos;
    TokenUsage usage;
    /** Set by the cache stage on a miss whose answer may be stored; null otherwise (and always with the cache off). */
    CacheRecorder recorder;
    /** The answer came from the response cache: no upstream was called, nothing is owed upstream. */
    boolean cacheHit;
    int status;
    String errorType;
    boolean finished;
    /** The request log keeps this call's bodies (request_log.bodies names its key or team, and it was sampled). */
    boolean keepBodies;
    /** The answer's bytes as sent, kept only when {@link #keepBodies}. */
    byte[] keptAnswer;
    /** The call's trace; {@link CallSpan#NONE} (shared, does nothing) while tracing is off. */
    CallSpan span = CallSpan.NONE;
    /** The call's guardrails and their verdicts; null when none apply (the fast path is then untouched). */
    GuardedCall guard;

    Exchange(String requestId, Endpoint endpoint, long startNanos, Instant startedAt, ActiveConfig active,
             ClientDialect dialect) {
        this.dialect = dialect;
        this.requestId = requestId;
        this.endpoint = endpoint;
        this.startNanos = startNanos;
        this.startedAt = startedAt;
        this.active = active;
    }

    boolean streaming() {
        return facts != null && facts.stream() && endpoint.canStream();
    }

    /** The model label for metrics: a configured group name, never free text from the client. */
    String modelLabel() {
        return primaryGroup != null ? primaryGroup.name() : "unknown";
    }

    String resolvedUpstreamModel(GatewayConfig.Deployment d) {
        return dev.tollgate.core.config.ModelCatalog.upstreamModel(d, wildcardPart);
    }

    /** Cancels every attempt still in flight, resetting their upstream requests (deadline passed, client gone). */
    void cancelAttempts() {
        for (Attempt a : List.copyOf(inFlight)) {
            a.cancel();
        }
    }

    ProviderSettings provider() {
        return attempt != null ? attempt.provider : null;
    }

    String upstreamModel() {
        return attempt != null ? attempt.upstreamModel : null;
    }

    String deployment() {
        return attempt != null ? attempt.deploymentName() : null;
    }

    StringBuilder generatedText() {
        return attempt != null ? attempt.generatedText : null;
    }

    /** Enters the group the model name resolved to, queueing its fallbacks. */
    void enter(GatewayConfig.ModelGroup resolved, String wildcard) {
        primaryGroup = resolved;
        group = resolved;
        wildcardPart = wildcard;
        visitedGroups.add(resolved.name());
        pendingFallbacks.addAll(resolved.fallbacks());
    }
}
