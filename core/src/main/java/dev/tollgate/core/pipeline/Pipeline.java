package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.dialect.openai.OpenAiDialect;
import dev.tollgate.core.dialect.openai.OpenAiUpstreamTranslation;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.openai.ByteView;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.openai.RequestSniffer;
import dev.tollgate.core.routing.DeploymentPicker;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.provider.TranslatingAdapter;
import dev.tollgate.spi.provider.WireFormat;
import dev.tollgate.spi.provider.ProviderSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one pipeline every client call walks. The order of the stages lives here and nowhere else:
 *
 * <pre>
 * ingress      request id, endpoint                       (this class)
 * authenticate gateway key → caller, from the snapshot    (KeyDirectory)
 * read body    bounded by server.max_body_bytes           (this class)
 * decode       model / stream / include_usage, no binding (RequestSniffer)
 * authorize    model exists, key may use it               (this class)
 * route        deployment and provider key                (DeploymentPicker)
 * translate    only when client and upstream formats differ: client dialect → canonical (ClientDialect),
 *              canonical → upstream (ChatTranslation); same formats keep the byte-forwarding fast path
 * call + relay upstream request, stream out as it arrives (UpstreamCall, StreamRelay)
 * settle       usage (reported or estimated), cost        (Settlement)
 * book / log   async usage booking, metrics, access log   (Settlement)
 * </pre>
 *
 * Runs on the event loop that received the request; nothing here blocks.
 */
public final class Pipeline {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final Supplier<ActiveConfig> config;
    private final KeyDirectory keys;
    private final Map<String, ProviderAdapter> adapters;
    private final DeploymentPicker picker;
    private final UpstreamCall upstream;
    private final Settlement settlement;
    private final Clock clock;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RequestSniffer sniffer = new RequestSniffer();

    public Pipeline(Supplier<ActiveConfig> config, KeyDirectory keys, Map<String, ProviderAdapter> adapters,
                    DeploymentPicker picker, UpstreamCall upstream, Settlement settlement, Clock clock) {
        this.config = config;
        this.keys = keys;
        this.adapters = Map.copyOf(adapters);
        this.picker = picker;
        this.upstream = upstream;
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
        req.response().putHeader("x-request-id", ex.requestId);
        if (!dialect.requestIdHeader().equals("x-request-id")) {
            req.response().putHeader(dialect.requestIdHeader(), ex.requestId);
        }

        KeyDirectory.Result auth = keys.authenticate(PresentedKey.from(req.headers()));
        if (auth.caller() == null) {
            settlement.reject(ex, req, GatewayError.unauthorized(auth.failure().message));
            return;
        }
        ex.caller = auth.caller();
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
        try {
            ex.facts = sniffer.sniff(ex.body);
        } catch (MalformedRequestException e) {
            settlement.reject(ex, req, GatewayError.invalidRequest(e.getMessage(), e.param()));
            return;
        }
        authorize(ex, req);
    }

    private void authorize(Exchange ex, HttpServerRequest req) {
        String model = ex.facts.model();
        GatewayConfig.ModelGroup group = ex.active.config().models().get(model);
        if (group == null) {
            settlement.reject(ex, req, GatewayError.modelNotFound(model));
            return;
        }
        if (!ex.caller.models().allows(model)) {
            settlement.reject(ex, req, GatewayError.modelNotAllowed(model));
            return;
        }
        ex.group = group;
        route(ex, req);
    }

    private void route(Exchange ex, HttpServerRequest req) {
        GatewayConfig.Deployment deployment = picker.pick(ex.group);
        ProviderSettings provider = ex.active.config().providers().get(deployment.provider());
        ProviderAdapter adapter = adapters.get(provider.type());
        if (!adapter.supports(ex.endpoint)) {
            settlement.reject(ex, req, GatewayError.unsupported("The model '" + ex.group.name()
                    + "' does not support " + ex.endpoint.openAiPath() + "."));
            return;
        }
        ex.provider = provider;
        ex.upstreamModel = deployment.model();
        if (adapter.wireFormat() != ex.dialect.wireFormat() && !prepareTranslation(ex, req, adapter)) {
            return;
        }
        upstream.call(ex, req, adapter, picker.nextKey(provider));
    }

    /**
     * Client and upstream speak different formats: decode the client's request into the canonical form
     * and pick the translation to the upstream's. False when the call was answered with an error.
     */
    private boolean prepareTranslation(Exchange ex, HttpServerRequest req, ProviderAdapter adapter) {
        // An adapter decides which of its endpoints it translates (Gemini and Bedrock: chat and embeddings); towards
        // an OpenAI upstream only chat is, since other dialects (Anthropic, Responses) only ever call chat.
        ChatTranslation translation = adapter.wireFormat() == WireFormat.OPENAI
                ? ex.endpoint == Endpoint.CHAT_COMPLETIONS ? new OpenAiUpstreamTranslation() : null
                : adapter instanceof TranslatingAdapter translating ? translating.newTranslation(ex.endpoint)
                : null;
        if (translation == null) {
            settlement.reject(ex, req, GatewayError.unsupported("The model '" + ex.group.name()
                    + "' cannot serve this API; its provider speaks another format."));
            return false;
        }
        try {
            JsonNode parsed = JSON.readTree(ex.body.array(), ex.body.offset(), ex.body.length());
            ex.canonical = ex.dialect.toCanonical((ObjectNode) parsed);
        } catch (MalformedRequestException e) {
            settlement.reject(ex, req, GatewayError.invalidRequest(e.getMessage(), e.param()));
            return false;
        } catch (IOException | ClassCastException e) {
            settlement.reject(ex, req, GatewayError.invalidRequest("The request body is not a JSON object.", null));
            return false;
        }
        ex.translation = translation;
        return true;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
