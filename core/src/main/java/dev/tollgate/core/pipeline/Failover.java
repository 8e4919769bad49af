package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.core.dialect.openai.OpenAiUpstreamTranslation;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.routing.Route;
import dev.tollgate.core.routing.Router;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.provider.TranslatingAdapter;
import dev.tollgate.spi.provider.WireFormat;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * The route-and-retry stage: picks a deployment for each attempt and, while no byte has reached the client,
 * turns an attempt's failure into the next attempt. The order, documented in docs/routing.md:
 * <ol>
 *   <li>an untried deployment of the current group that can take the call now, at once;</li>
 *   <li>else the next fallback group (a prompt too long or refused on content policy goes to the group's
 *       special fallbacks instead), at once;</li>
 *   <li>else the current group's deployment that can serve soonest, after an exponential backoff with full
 *       jitter or the upstream's Retry-After, whichever is longer, if that fits the retry budget;</li>
 *   <li>else one clean error: the last attempt's, with Retry-After when the gateway knows when to come back.</li>
 * </ol>
 * Attempts are bounded by {@code retry.max_attempts}, waiting by {@code retry.budget_ms}, the whole call by
 * {@code timeouts.total_ms}. Event-loop only.
 */
final class Failover {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Router router;
    private final UpstreamCall upstream;
    private final Settlement settlement;
    private final Map<String, ProviderAdapter> adapters;
    private final Vertx vertx;

    Failover(Router router, UpstreamCall upstream, Settlement settlement, Map<String, ProviderAdapter> adapters,
             Vertx vertx) {
        this.router = router;
        this.upstream = upstream;
        this.settlement = settlement;
        this.adapters = Map.copyOf(adapters);
        this.vertx = vertx;
    }

    void begin(Exchange ex, HttpServerRequest req) {
        ex.tags = tags(req.getHeader("x-tollgate-tags"), ex.caller.routingTags());
        if (!ex.tags.isEmpty() && ex.group.deployments().stream().noneMatch(d -> d.tags().containsAll(ex.tags))) {
            settlement.reject(ex, req, GatewayError.invalidRequest("No deployment of the model '" + ex.group.name()
                    + "' carries the tags " + ex.tags + " (the key's routing tags and x-tollgate-tags).", null));
            return;
        }
        long totalMs = ex.group.policy().timeouts().totalMs();
        String asked = req.getHeader("x-tollgate-timeout-ms");
        if (asked != null) {
            try {
                totalMs = Math.min(totalMs, Math.max(1, Long.parseLong(asked.trim())));
            } catch (NumberFormatException e) {
                settlement.reject(ex, req, GatewayError.invalidRequest(
                        "x-tollgate-timeout-ms must be a whole number of milliseconds.", null));
                return;
            }
        }
        long limitMs = totalMs;
        ex.deadlineNanos = ex.startNanos + limitMs * 1_000_000L;
        ex.deadlineTimer = vertx.setTimer(limitMs, id -> deadlinePassed(ex, req, limitMs));
        if (ex.group.policy().hedge().enabled()) {
            router.countCall(ex.group);
        }
        HttpServerResponse res = req.response();
        res.closeHandler(v -> {
            if (!ex.finished && !res.ended()) {
                settlement.clientGone(ex);
            }
        });
        next(ex, req);
    }

    private void next(Exchange ex, HttpServerRequest req) {
        if (ex.finished) {
            return;
        }
        Route route = choose(ex, ex.tried);
        if (route != null) {
            start(ex, req, route);
        } else if (!ex.pendingFallbacks.isEmpty()) {
            switchGroup(ex, ex.pendingFallbacks.remove(0));
            next(ex, req);
        } else {
            retryLater(ex, req, true);
        }
    }

    private Route choose(Exchange ex, java.util.Collection<String> exclude) {
        return router.choose(ex.group, exclude, ex.tags, ex.active.config().providers(), ex.active.prices(),
                ex.streaming());
    }

    /**
     * Nothing can serve at once: wait for the soonest deployment if that fits the budget, else give up.
     *
     * @param backoff also wait out the backoff for the attempts so far (not when this is the end of a wait)
     */
    private void retryLater(Exchange ex, HttpServerRequest req, boolean backoff) {
        RoutingPolicy.Retry retry = ex.primaryGroup.policy().retry();
        long untilAvailable = router.nanosUntilAvailable(ex.group, ex.tags, ex.active.config().providers());
        long wait = Math.max(untilAvailable, backoff && ex.attempts > 0 ? backoffNanos(retry, ex.attempts) : 0);
        long now = System.nanoTime();
        boolean fits = untilAvailable != Long.MAX_VALUE
                && (ex.lastFailure == null || ex.lastFailure.retryable())
                && ex.attempts < retry.maxAttempts()
                && (ex.lastFailure == null || ex.lastFailure.retryAfterNanos() <= retry.maxRetryAfterMs() * 1_000_000L)
                && ex.waitedNanos + wait <= retry.budgetMs() * 1_000_000L
                && now + wait < ex.deadlineNanos;
        if (!fits) {
            giveUp(ex, req, untilAvailable);
            return;
        }
        ex.waitedNanos += Math.max(wait, 1_000_000L); // at least a millisecond, so that a loop of waits is bounded
        ex.tried.clear(); // after a wait, a deployment tried before is fair game again
        ex.retryTimer = vertx.setTimer(Math.max(1, (wait + 999_999) / 1_000_000L), id -> {
            ex.retryTimer = -1;
            if (ex.finished) {
                return;
            }
            Route route = choose(ex, List.of());
            if (route != null) {
                start(ex, req, route);
            } else {
                retryLater(ex, req, false); // others took what freed up, or it is busy: wait on, within budget
            }
        });
    }

    private void giveUp(Exchange ex, HttpServerRequest req, long untilAvailable) {
        GatewayError error;
        if (ex.lastFailure != null) {
            error = ex.lastFailure.clientError();
        } else {
            long seconds = untilAvailable == Long.MAX_VALUE ? 1 : UpstreamFailures.seconds(untilAvailable);
            error = GatewayError.unavailable("No deployment of the model '" + ex.primaryGroup.name()
                    + "' can take the call now.", seconds);
        }
        settlement.fail(ex, req.response(), error);
    }

    /** Full jitter: a random wait up to {@code backoff_ms × 2^(n-1)}, capped. */
    private static long backoffNanos(RoutingPolicy.Retry retry, int failedAttempts) {
        long ceiling = Math.min(retry.maxBackoffMs(), retry.backoffMs() << Math.min(20, failedAttempts - 1));
        return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1) * 1_000_000L;
    }

    private void start(Exchange ex, HttpServerRequest req, Route route) {
        ProviderAdapter adapter = adapters.get(route.provider().type());
        ex.tried.add(route.deployment().name());
        Endpoint operation = UpstreamOperation.of(ex, adapter);
        if (!adapter.supports(operation)) {
            route.release();
            ex.lastFailure = AttemptFailure.terminal(GatewayError.unsupported("The model '" + ex.primaryGroup.name()
                    + "' does not support " + ex.endpoint.openAiPath() + "."), null);
            next(ex, req);
            return;
        }
        ChatTranslation translation = null;
        if (!UpstreamOperation.passesThrough(ex, adapter)) {
            translation = prepareTranslation(ex, req, adapter, operation);
            if (translation == null) {
                route.release();
                return;
            }
        }
        ex.attempts++;
        Attempt[] self = new Attempt[1];
        Attempt attempt = self[0] = new Attempt(ex.attempts, route, adapter, ex.resolvedUpstreamModel(route.deployment()),
                ex.group.policy().timeouts(), vertx,
                failure -> onFailure(ex, req, self[0], failure), () -> won(ex, req, self[0]));
        attempt.translation = translation;
        attempt.span = ex.span.attempt(ex.attempts, route.deployment().name(), route.provider().type(),
                attempt.upstreamModel);
        boolean hedge = !ex.inFlight.isEmpty();
        ex.inFlight.add(attempt);
        if (!hedge) {
            ex.attempt = attempt;
            ex.usage = null;
            stampHeaders(ex, req.response());
        }
        upstream.call(ex, req, attempt);
        if (!hedge && !attempt.over()) {
            armHedge(ex, req, attempt);
        }
    }

    /** What the client is told about routing; set while no byte has gone out, so the last word wins. */
    private static void stampHeaders(Exchange ex, HttpServerResponse res) {
        res.headers().set("x-tollgate-deployment", ex.attempt.deploymentName())
                .set("x-tollgate-attempts", Integer.toString(ex.attempts));
        if (ex.group != ex.primaryGroup) {
            res.headers().set("x-tollgate-fallback", ex.group.name());
        }
    }

    /**
     * Hedging: if the attempt has not started answering within its deployment's p95 time to first byte (or
     * {@code hedge.after_ms}), a second attempt goes to another deployment, within the group's hedge budget.
     */
    private void armHedge(Exchange ex, HttpServerRequest req, Attempt first) {
        RoutingPolicy.Hedge hedge = ex.group.policy().hedge();
        if (!hedge.enabled() || ex.attempts >= ex.primaryGroup.policy().retry().maxAttempts()) {
            return;
        }
        long delayNanos = hedge.afterMs() > 0 ? hedge.afterMs() * 1_000_000L : first.route.ttftP95Nanos();
        if (delayNanos <= 0) {
            return; // not measured enough yet to know what slow is
        }
        first.hedgeTimer = vertx.setTimer(Math.max(1, delayNanos / 1_000_000L), id -> {
            first.hedgeTimer = -1;
            if (ex.finished || first.over() || first.hasFirstByte() || ex.inFlight.size() > 1
                    || !router.allowHedge(ex.group)) {
                return;
            }
            Route route = choose(ex, ex.tried);
            if (route != null) {
                ex.hedged = true;
                start(ex, req, route);
            }
        });
    }

    /** An attempt started a good answer: it speaks for the call from now on and its siblings are cancelled. */
    private void won(Exchange ex, HttpServerRequest req, Attempt winner) {
        if (ex.finished || ex.inFlight.size() < 2 && ex.attempt == winner) {
            return;
        }
        for (Attempt other : List.copyOf(ex.inFlight)) {
            if (other != winner) {
                other.cancel();
                ex.inFlight.remove(other);
            }
        }
        ex.attempt = winner;
        stampHeaders(ex, req.response());
    }

    private void onFailure(Exchange ex, HttpServerRequest req, Attempt failed, AttemptFailure failure) {
        ex.inFlight.remove(failed);
        if (ex.finished) {
            return;
        }
        ex.lastFailure = failure;
        if (!ex.inFlight.isEmpty()) {
            // a hedge sibling is still racing: it carries the call on
            if (ex.attempt == failed) {
                ex.attempt = ex.inFlight.get(0);
                stampHeaders(ex, req.response());
            }
            return;
        }
        RoutingPolicy.Retry retry = ex.primaryGroup.policy().retry();
        if (failure.fallback() != AttemptFailure.Fallback.NONE) {
            List<String> special = failure.fallback() == AttemptFailure.Fallback.CONTEXT_WINDOW
                    ? ex.group.contextWindowFallbacks() : ex.group.contentPolicyFallbacks();
            String target = special.stream().filter(g -> !ex.visitedGroups.contains(g)).findFirst().orElse(null);
            GatewayConfig.ModelGroup group = target == null ? null : ex.active.config().models().get(target);
            if (group != null && ex.attempts < retry.maxAttempts()) {
                switchGroup(ex, target);
                next(ex, req);
                return;
            }
        }
        if (!failure.retryable() || ex.attempts >= retry.maxAttempts() || System.nanoTime() >= ex.deadlineNanos) {
            settlement.fail(ex, req.response(), failure.clientError());
            return;
        }
        next(ex, req);
    }

    private static void switchGroup(Exchange ex, String name) {
        GatewayConfig.ModelGroup group = ex.active.config().models().get(name);
        ex.visitedGroups.add(name);
        ex.group = group;
        ex.tried.clear();
        ex.pendingFallbacks.clear();
        for (String fallback : group.fallbacks()) {
            if (!ex.visitedGroups.contains(fallback)) {
                ex.pendingFallbacks.add(fallback);
            }
        }
    }

    private void deadlinePassed(Exchange ex, HttpServerRequest req, long limitMs) {
        ex.deadlineTimer = -1;
        if (ex.finished) {
            return;
        }
        Attempt attempt = ex.attempt;
        if (ex.firstByteNanos > 0 && attempt != null && attempt.relay != null) {
            attempt.relay.abort(new TimeoutException("the call's time limit of " + limitMs + " ms passed"));
            return;
        }
        ex.cancelAttempts();
        settlement.fail(ex, req.response(), GatewayError.timeout(
                "The call did not complete within its time limit of " + limitMs + " ms."));
    }

    /**
     * Client and upstream speak different formats: decode the client's request into the canonical form (once
     * per call) and pick the translation to the upstream's. Null when the call was answered with an error.
     */
    private ChatTranslation prepareTranslation(Exchange ex, HttpServerRequest req, ProviderAdapter adapter,
                                               Endpoint operation) {
        // An adapter decides which of its endpoints it translates (Gemini and Bedrock: chat and embeddings); towards
        // an OpenAI upstream only chat is, since other dialects (Anthropic, Responses) translate to chat.
        ChatTranslation translation = adapter.wireFormat() == WireFormat.OPENAI
                ? operation == Endpoint.CHAT_COMPLETIONS ? new OpenAiUpstreamTranslation() : null
                : adapter instanceof TranslatingAdapter translating ? translating.newTranslation(operation)
                : null;
        if (translation == null) {
            settlement.reject(ex, req, GatewayError.unsupported("The model '" + ex.primaryGroup.name()
                    + "' cannot serve this API; its provider speaks another format."));
            return null;
        }
        if (ex.canonical == null) {
            try {
                JsonNode parsed = JSON.readTree(ex.body.array(), ex.body.offset(), ex.body.length());
                ex.canonical = ex.dialect.toCanonical((ObjectNode) parsed);
            } catch (MalformedRequestException e) {
                settlement.reject(ex, req, GatewayError.invalidRequest(e.getMessage(), e.param()));
                return null;
            } catch (IOException | ClassCastException e) {
                settlement.reject(ex, req, GatewayError.invalidRequest("The request body is not a JSON object.", null));
                return null;
            }
        }
        return translation;
    }

    /** The tags a deployment must carry: the key's routing constraint, and whatever the request adds to it. */
    private static List<String> tags(String header, List<String> keyTags) {
        if (header == null || header.isBlank()) {
            return keyTags;
        }
        List<String> asked = Arrays.stream(header.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (keyTags.isEmpty()) {
            return asked;
        }
        List<String> all = new java.util.ArrayList<>(keyTags);
        asked.stream().filter(t -> !all.contains(t)).forEach(all::add);
        return all;
    }
}
