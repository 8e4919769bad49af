package dev.tollgate.server;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * {@code /health/live}: the process serves requests. {@code /health/ready}: configuration loaded and the
 * database answering, checked now on a worker thread (probes are rare; a stale cached answer would hide
 * an outage). Event-loop only.
 */
final class Health {

    private final GatewayComponents components;

    Health(GatewayComponents components) {
        this.components = components;
    }

    void live(HttpServerRequest req) {
        req.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("status", "ok").toBuffer());
    }

    void ready(HttpServerRequest req) {
        req.response().setStatusCode(200);
        io.vertx.core.Vertx.currentContext().owner()
                .executeBlocking(() -> components.storage().isReachable(), false)
                .onComplete(r -> {
                    boolean storageOk = r.succeeded() && r.result();
                    boolean configOk = components.config().active() != null;
                    JsonObject body = new JsonObject()
                            .put("status", storageOk && configOk ? "ready" : "not_ready")
                            .put("checks", new JsonObject()
                                    .put("config", configOk ? "ok" : "missing")
                                    .put("storage", storageOk ? "ok" : "unreachable"));
                    req.response().setStatusCode(storageOk && configOk ? 200 : 503)
                            .putHeader("content-type", "application/json").end(body.toBuffer());
                });
    }
}
