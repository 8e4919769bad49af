package dev.tollgate.server;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.openai.OpenAiErrors;
import dev.tollgate.core.pipeline.Pipeline;
import dev.tollgate.spi.Endpoint;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

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

    Ingress(Pipeline pipeline, GatewayComponents components) {
        this.pipeline = pipeline;
        this.components = components;
        this.health = new Health(components);
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
        if (endpoint != null) {
            if (req.method() == HttpMethod.POST) {
                pipeline.handle(req, endpoint);
            } else {
                error(req, 405, "invalid_request_error", "method_not_allowed",
                        "Method " + req.method() + " is not allowed on " + path + "; use POST.");
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
                if (path.startsWith("/admin/")) {
                    components.admin().handle(req);
                } else {
                    error(req, 404, "invalid_request_error", "unknown_url", "Unknown request URL: "
                            + req.method() + " " + path + ".");
                }
            }
        }
    }

    /** The models the calling key may use, in OpenAI's list format. */
    private void models(HttpServerRequest req) {
        KeyDirectory.Result auth = components.keys().authenticate(PresentedKey.from(req.headers()));
        if (auth.caller() == null) {
            error(req, 401, "authentication_error", "invalid_api_key", auth.failure().message);
            return;
        }
        Caller caller = auth.caller();
        JsonArray data = new JsonArray();
        components.config().active().config().models().keySet().stream().sorted()
                .filter(caller.models()::allows)
                .forEach(name -> data.add(new JsonObject().put("id", name).put("object", "model")
                        .put("created", CREATED).put("owned_by", "tollgate")));
        req.response().putHeader("x-request-id", requestId())
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("object", "list").put("data", data).toBuffer());
    }

    static void error(HttpServerRequest req, int status, String type, String code, String message) {
        HttpServerResponse res = req.response();
        res.setStatusCode(status).putHeader("x-request-id", requestId())
                .putHeader("content-type", "application/json")
                .end(OpenAiErrors.body(message, type, null, code));
    }

    static String requestId() {
        return "req_" + UUID.randomUUID().toString().replace("-", "");
    }

}
