package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.config.RoutingPolicy;
import dev.tollgate.core.observe.GatewayMetrics;
import dev.tollgate.core.openai.RequestRewriter;
import dev.tollgate.core.openai.UsageScanner;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.CredentialsUnavailableException;
import dev.tollgate.spi.provider.FramedStreams;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.SigningAdapter;
import dev.tollgate.spi.provider.TranslationException;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends one call upstream and relays the answer. Same wire format on both sides: the client's bytes go
 * out with the model rewritten and the answer comes back untouched (the fast path). Different formats:
 * the call was translated ({@link Exchange#translation}) and so is the answer, event by event for
 * streams ({@link StreamRelay}). Upstream failures before the first byte reached the client become one
 * clean error in the client's dialect; the upstream's own words pass through only when they are about
 * the caller's request. Event-loop only.
 */
public final class UpstreamCall {

    private static final Logger log = LoggerFactory.getLogger(UpstreamCall.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpClient client;
    private final Settlement settlement;
    private final GatewayMetrics metrics;
    private final RequestRewriter rewriter = new RequestRewriter();
    private final GuardStage guards;

    public UpstreamCall(Vertx vertx, HttpClient client, Settlement settlement, GatewayMetrics metrics,
                        GuardStage guards) {
        this.guards = guards;
        this.vertx = vertx;
        this.client = client;
        this.settlement = settlement;
        this.metrics = metrics;
    }

    /**
     * Sends one attempt. Failures before the client got a byte go to {@link Attempt#fail}; an answer, or a
     * failure after the first byte, finishes the call through the {@link Settlement}.
     */
    void call(Exchange ex, HttpServerRequest req, Attempt attempt) {
        ProviderAdapter adapter = attempt.adapter;
        Secret key = attempt.route.key();
        Endpoint operation = UpstreamOperation.of(ex, adapter);
        Buffer body;
        if (attempt.translation == null) {
            // Usage in OpenAI chat streams only comes when asked for (Responses streams always end with it); without
            // metering the request goes as it is.
            boolean askForUsage = ex.streaming() && adapter.wireFormat() == WireFormat.OPENAI
                    && operation != Endpoint.RESPONSES && ex.active.config().features().metering();
            body = rewriter.rewrite(ex.body, ex.facts, attempt.upstreamModel, askForUsage);
        } else {
            try {
                body = Buffer.buffer(attempt.translation.request(ex.canonical, attempt.upstreamModel, ex.streaming()));
            } catch (TranslationException e) {
                attempt.fail(AttemptFailure.terminal(GatewayError.invalidRequest(e.getMessage(), null), null));
                return;
            }
        }
        ProviderSettings provider = attempt.provider;
        UpstreamTarget target;
        try {
            target = adapter.target(provider, operation, attempt.upstreamModel, key, ex.streaming());
        } catch (CredentialsUnavailableException e) {
            credentialsUnavailable(ex, attempt, e);
            return;
        }
        if (adapter instanceof SigningAdapter signing) {
            Map<String, String> headers = new java.util.HashMap<>(target.headers());
            headers.putAll(signing.sign(provider, target, body.getBytes(), key, java.time.Instant.now()));
            target = new UpstreamTarget(target.url(), headers);
        }
        RoutingPolicy.Timeouts timeouts = attempt.timeouts;
        long firstByteMs = attempt.firstByteTimeoutMs();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(target.url())
                .setConnectTimeout(timeouts.connectMs() > 0 ? timeouts.connectMs() : provider.connectTimeoutMs())
                // a backstop for a silent connection; the first-byte and stream-gap clocks are the real limits
                .setIdleTimeout(Math.max(firstByteMs, attempt.idleTimeoutMs()))
                .putHeader("content-type", "application/json")
                .putHeader("accept", ex.streaming() ? "text/event-stream" : "application/json");
        for (Map.Entry<String, String> h : target.headers().entrySet()) {
            options.putHeader(h.getKey(), h.getValue());
        }
        attempt.span.target(target.url());
        attempt.span.inject(options); // traceparent of this attempt's span; nothing while tracing is off
        HttpServerResponse res = req.response();
        client.request(options).onComplete(created -> {
            if (attempt.over()) {
                if (created.succeeded()) {
                    created.result().reset();
                }
                return;
            }
            if (created.failed()) {
                connectionFailed(ex, attempt, created.cause());
                return;
            }
            HttpClientRequest upstreamRequest = created.result();
            attempt.request = upstreamRequest;
            attempt.armFirstByteTimeout(firstByteMs, () -> {
                metrics.upstreamError(provider.name(), "timeout");
                TimeoutException late = new TimeoutException("no answer within " + firstByteMs + " ms");
                if (attempt.relay != null) {
                    attempt.relay.abort(late);
                } else {
                    attempt.fail(UpstreamFailures.connection(late));
                }
            });
            upstreamRequest.send(body).onComplete(sent -> {
                if (attempt.over()) {
                    return;
                }
                if (sent.failed()) {
                    connectionFailed(ex, attempt, sent.cause());
                } else {
                    answer(ex, res, attempt, sent.result());
                }
            });
        });
    }

    private void answer(Exchange ex, HttpServerResponse res, Attempt attempt, HttpClientResponse response) {
        ProviderAdapter adapter = attempt.adapter;
        int status = response.statusCode();
        attempt.span.status(status);
        if (status >= 400) {
            attempt.firstByteArrived();
            response.body().onComplete(b -> upstreamRejected(ex, attempt, response,
                    b.succeeded() ? b.result().getBytes() : new byte[0]));
            return;
        }
        String contentType = response.getHeader("content-type");
        String streamType = adapter instanceof FramedStreams framed ? framed.streamContentType() : "text/event-stream";
        if (ex.streaming() && contentType != null && contentType.startsWith(streamType)) {
            StreamRelay relay = new StreamRelay(ex, res, attempt, response, settlement,
                    guards.wrap(ex, attempt, streamTransform(ex, attempt)), vertx,
                    ex.active.config().features().metrics() ? metrics.interChunkGap(ex.modelLabel()) : null);
            attempt.relay = relay;
            relay.start();
            return;
        }
        attempt.firstByteArrived();
        attempt.won();
        response.body().onComplete(b -> {
            if (attempt.over()) {
                return;
            }
            if (b.failed()) {
                connectionFailed(ex, attempt, b.cause());
                return;
            }
            if (attempt.translation == null) {
                respond(ex, res, attempt, status, contentType != null ? contentType : "application/json",
                        meterSameFormat(ex, attempt, b.result()));
                return;
            }
            ObjectNode canonical;
            try {
                canonical = canonicalAnswer(ex, attempt, b.result());
            } catch (TranslationException e) {
                metrics.upstreamError(attempt.provider.name(), "malformed");
                attempt.fail(UpstreamFailures.malformed(e.getMessage()));
                return;
            }
            if (ex.endpoint == Endpoint.EMBEDDINGS && !canonical.has("usage")) {
                // OpenAI's embeddings answer always states its usage, which some upstreams (Gemini, Cohere on
                // Bedrock) do not report: the gateway's own count goes in, and is what gets booked.
                settlement.estimate(ex).onComplete(counted -> {
                    if (ex.finished || attempt.over()) {
                        return;
                    }
                    ex.usage = counted.succeeded() ? counted.result() : new TokenUsage(0, 0, 0, 0, true);
                    canonical.putObject("usage").put("prompt_tokens", ex.usage.promptTokens())
                            .put("total_tokens", ex.usage.promptTokens());
                    respondTranslated(ex, res, attempt, status, canonical);
                });
                return;
            }
            respondTranslated(ex, res, attempt, status, canonical);
        });
    }

    private void respondTranslated(Exchange ex, HttpServerResponse res, Attempt attempt, int status,
                                   ObjectNode canonical) {
        Buffer answer;
        try {
            answer = Buffer.buffer(JSON.writeValueAsBytes(ex.dialect.fromCanonical(canonical, ex.canonical)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            metrics.upstreamError(attempt.provider.name(), "malformed");
            attempt.fail(UpstreamFailures.malformed("The answer could not be encoded."));
            return;
        }
        respond(ex, res, attempt, status, "application/json", answer);
    }

    private void respond(Exchange ex, HttpServerResponse res, Attempt attempt, int status, String contentType,
                         Buffer answer) {
        if (ex.guard != null && ex.guard.watchesAnswer()) {
            guards.answer(ex, answer).onComplete(r -> {
                if (ex.finished || attempt.over()) {
                    return;
                }
                GuardStage.AnswerOutcome outcome = r.result();
                if (outcome.refusal() != null) {
                    attempt.route.succeeded(System.nanoTime() - attempt.startNanos);
                    ex.firstByteNanos = System.nanoTime(); // answered: its usage is booked although refused
                    settlement.fail(ex, res, outcome.refusal());
                } else {
                    send(ex, res, attempt, status, contentType, outcome.answer());
                }
            });
            return;
        }
        send(ex, res, attempt, status, contentType, answer);
    }

    private void send(Exchange ex, HttpServerResponse res, Attempt attempt, int status, String contentType,
                      Buffer answer) {
        attempt.route.succeeded(System.nanoTime() - attempt.startNanos);
        ex.firstByteNanos = System.nanoTime();
        if (ex.recorder != null) {
            ex.recorder.answered(status, contentType, answer, ex.usage);
        }
        if (ex.keepBodies) {
            ex.keptAnswer = answer.getBytes(); // a copy: the buffer is the response's once written
        }
        res.setStatusCode(status).putHeader("content-type", contentType);
        settlement.succeed(ex, status, () -> res.end(answer));
    }

    /** Fast path, buffered: the answer goes back as it is; its usage is read on the way. */
    private static Buffer meterSameFormat(Exchange ex, Attempt attempt, Buffer answer) {
        ProviderAdapter adapter = attempt.adapter;
        if (!ex.active.config().features().metering()) {
            return answer;
        }
        Endpoint operation = UpstreamOperation.of(ex, adapter);
        if (operation == Endpoint.RESPONSES) {
            ResponsesPassThrough.meter(ex, attempt, answer);
        } else if (adapter.wireFormat() == WireFormat.OPENAI) {
            if (UsageScanner.mayCarryUsage(answer)) {
                ex.usage = UsageScanner.usage(answer);
            }
            if (ex.usage == null) {
                attempt.generatedText = new StringBuilder();
                UsageScanner.appendGeneratedText(answer, attempt.generatedText);
            }
        } else if (adapter instanceof dev.tollgate.spi.provider.TranslatingAdapter translating) {
            try {
                var meter = translating.newTranslation(operation);
                meter.response(answer.getBytes());
                ex.usage = meter.reportedUsage();
            } catch (TranslationException e) {
                // the client gets the upstream's bytes as they are; the call is metered by estimate
            }
        }
        return answer;
    }

    /** Translated, buffered: the upstream answer as canonical JSON, with the usage it reported. */
    private static ObjectNode canonicalAnswer(Exchange ex, Attempt attempt, Buffer answer)
            throws TranslationException {
        ObjectNode canonical = attempt.translation.response(answer.getBytes());
        if (ex.endpoint != Endpoint.EMBEDDINGS) { // an embeddings list has no creation time
            TranslatedStream.stampCreated(canonical, ex.startedAt.getEpochSecond());
        }
        ex.usage = attempt.translation.reportedUsage();
        return canonical;
    }

    private StreamTransform streamTransform(Exchange ex, Attempt attempt) {
        ProviderAdapter adapter = attempt.adapter;
        if (!ex.active.config().features().metering() && attempt.translation == null
                && (ex.guard == null || !ex.guard.watchesAnswer())) {
            return null;
        }
        StringBuilder generated = attempt.generatedText = new StringBuilder();
        if (attempt.translation != null) {
            return new TranslatedStream(attempt.translation,
                    adapter instanceof FramedStreams framed ? framed.newStreamDecoder() : null,
                    ex.dialect.newStreamEncoder(ex.canonical), generated, ex.startedAt.getEpochSecond());
        }
        Endpoint operation = UpstreamOperation.of(ex, adapter);
        if (operation == Endpoint.RESPONSES) {
            return new ResponsesPassThrough(generated);
        }
        if (adapter.wireFormat() == WireFormat.OPENAI) {
            return new OpenAiPassThrough(ex.facts.includeUsage(), generated);
        }
        if (adapter instanceof dev.tollgate.spi.provider.TranslatingAdapter translating) {
            return new TranslatedStream(translating.newTranslation(operation), null, null, generated,
                    ex.startedAt.getEpochSecond());
        }
        return null;
    }

    private void upstreamRejected(Exchange ex, Attempt attempt, HttpClientResponse response, byte[] body) {
        if (attempt.over()) {
            return;
        }
        UpstreamError interpreted = attempt.adapter.interpretError(response.statusCode(), body);
        // Adapters scrub key-shaped text; the key actually used is removed whatever its shape.
        UpstreamError error = new UpstreamError(interpreted.kind(), interpreted.upstreamStatus(),
                interpreted.message().replace(attempt.route.key().reveal(), "[redacted]"));
        metrics.upstreamError(attempt.provider.name(), error.kind().name().toLowerCase(Locale.ROOT));
        if (error.kind() == UpstreamError.Kind.AUTHENTICATION) {
            log.warn("provider {} rejected one of its configured keys (status {}); the key rests and others are used",
                    attempt.provider.name(), error.upstreamStatus());
        }
        attempt.fail(UpstreamFailures.rejected(error, response.headers()));
    }

    /**
     * The adapter has no usable access token for the key (its token endpoint failed): the upstream was never
     * asked, so the deployment's health is untouched; another deployment or key may still serve the call.
     */
    private void credentialsUnavailable(Exchange ex, Attempt attempt, CredentialsUnavailableException e) {
        metrics.upstreamError(attempt.provider.name(), "credentials");
        log.warn("request {}: no credentials for provider {}: {}", ex.requestId, attempt.provider.name(),
                e.getMessage());
        attempt.fail(AttemptFailure.retryable(
                GatewayError.badGateway("The gateway could not obtain credentials for the upstream provider."), null, 0));
    }

    private void connectionFailed(Exchange ex, Attempt attempt, Throwable cause) {
        metrics.upstreamError(attempt.provider.name(), UpstreamFailures.isTimeout(cause) ? "timeout" : "connection");
        log.debug("request {} to provider {} failed: {}", ex.requestId, attempt.provider.name(), cause.toString());
        attempt.fail(UpstreamFailures.connection(cause));
    }
}
