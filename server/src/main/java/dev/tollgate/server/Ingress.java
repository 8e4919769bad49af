package dev.tollgate.server;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.dialect.anthropic.AnthropicDialect;
import dev.tollgate.core.dialect.responses.ResponsesDialect;
import dev.tollgate.core.pipeline.ErrorResponses;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.core.pipeline.Pipeline;
import dev.tollgate.core.pipeline.RequestIds;
import dev.tollgate.spi.Endpoint;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


/**
 * Dispatches requests by path: the client API to the pipeline, the rest to the admin API, health and
 * metrics. A plain switch rather than a router framework: the hot path stays visible and allocation-free.
 * Event-loop only.
 */
final class Ingress implements Handler<HttpServerRequest> {

    private static final long CREATED = 1_700_000_000L;

    private final Pipeline pipeline;
    private final GatewayComponents components;
    private final Health health;
    private final CountTokens countTokens;
    private final ConsoleAssets console = ConsoleAssets.bundled();
    private static final AnthropicDialect ANTHROPIC = new AnthropicDialect();
    private static final ResponsesDialect RESPONSES = new ResponsesDialect();

    Ingress(Pipeline pipeline, GatewayComponents components) {
        this.pipeline = pipeline;
        this.components = components;
        this.health = new Health(components);
        this.countTokens = new CountTokens(components, ANTHROPIC);
    }

    @Override
    public void handle(HttpServerRequest req) {
        String path = req.path();
        Endpoint endpoint = switch (path) {
            case "/v1/chat/completions", "/chat/completions" -> Endpoint.CHAT_COMPLETIONS;
            case "/v1/completions", "/completions" -> Endpoint.COMPLETIONS;
            case "/v1/embeddings", "/embeddings" -> Endpoint.EMBEDDINGS;
            default -> null;
        };
        if (path.equals("/v1/messages")) {
            if (req.method() == HttpMethod.POST) {
                pipeline.handle(req, Endpoint.MESSAGES, ANTHROPIC);
            } else {
                ErrorResponses.send(req.response(), GatewayError.methodNotAllowed(req.method().name(), path), ANTHROPIC);
            }
            return;
        }
        if (path.equals("/v1/responses") || path.equals("/responses")) {
            if (req.method() == HttpMethod.POST) {
                pipeline.handle(req, Endpoint.RESPONSES, RESPONSES);
            } else {
                ErrorResponses.send(req.response(), GatewayError.methodNotAllowed(req.method().name(), path), RESPONSES);
            }
            return;
        }
        if (path.equals("/v1/messages/count_tokens")) {
            countTokens.handle(req);
            return;
        }
        if (endpoint != null) {
            if (req.method() == HttpMethod.POST) {
                pipeline.handle(req, endpoint);
            } else {
                ErrorResponses.send(req.response(), GatewayError.methodNotAllowed(req.method().name(), path));
            }
            return;
        }
        switch (path) {
            case "/v1/models", "/models" -> models(req);
            case "/health/live" -> health.live(req);
            case "/health/ready" -> health.ready(req);
            case "/metrics" -> req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(components.prometheus().scrape());
            default -> {
                if (path.startsWith("/v1/models/")) {
                    model(req, path.substring("/v1/models/".length()));
                } else if (path.startsWith(AccountApi.BASE)) {
                    components.account().handle(req);
                } else if (path.startsWith("/admin/")) {
                    components.admin().handle(req);
                } else if (path.equals(ConsoleAssets.BASE) || path.startsWith(ConsoleAssets.BASE + "/")) {
                    console.handle(req);
                } else {
                    ErrorResponses.send(req.response(), GatewayError.unknownUrl(req.method().name(), path));
                }
            }
        }
    }

    /** The models the calling key may use, in OpenAI's list format. */
    private void models(HttpServerRequest req) {
        Caller caller = caller(req);
        if (caller == null) {
            return;
        }
        JsonArray data = new JsonArray();
        components.config().active().models().listedNames().stream()
                .filter(caller.models()::allows)
                .forEach(name -> data.add(describe(name)));
        reply(req, new JsonObject().put("object", "list").put("data", data));
    }

    /** One model ({@code GET /v1/models/{id}}, the SDKs' {@code models.retrieve}); 404 unless the key may use it. */
    private void model(HttpServerRequest req, String id) {
        Caller caller = caller(req);
        if (caller == null) {
            return;
        }
        if (components.config().active().models().resolve(id) == null || !caller.models().allows(id)) {
            ErrorResponses.send(req.response(), GatewayError.modelNotFound(id));
            return;
        }
        reply(req, describe(id));
    }

    private Caller caller(HttpServerRequest req) {
        KeyDirectory.Result auth = components.auth().authenticate(PresentedKey.from(req.headers()),
                req.remoteAddress() == null ? null : req.remoteAddress().hostAddress());
        if (!auth.accepted()) {
            ErrorResponses.send(req.response(), GatewayError.refused(auth));
            return null;
        }
        return auth.caller();
    }

    private static JsonObject describe(String model) {
        return new JsonObject().put("id", model).put("object", "model").put("created", CREATED)
                .put("owned_by", "tollgate");
    }

    private static void reply(HttpServerRequest req, JsonObject body) {
        req.response().putHeader("x-request-id", RequestIds.next())
                .putHeader("content-type", "application/json").end(body.toBuffer());
    }
}
