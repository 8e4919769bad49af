package dev.tollgate.server;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * {@code /health/live}: the process serves requests. {@code /health/ready}: configuration loaded and the
 * database answering, checked now on a worker thread (probes are rare; a stale cached answer would hide
 * an outage), and the usage spool taking events (a full one is reported; under {@code fail_closed} it makes the
 * gateway not ready). Once a graceful stop began it answers 503 {@code draining} at once, though calls are still
 * served for {@code server.drain_delay_ms}. Event-loop only.
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
        if (components.draining().get()) {
            // first thing a graceful stop does: balancers stop sending here while in-flight calls finish
            req.response().setStatusCode(503).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", "draining").toBuffer());
            return;
        }
        req.response().setStatusCode(200);
        io.vertx.core.Vertx.currentContext().owner()
                .executeBlocking(() -> components.storage().isReachable(), false)
                .onComplete(r -> {
                    boolean storageOk = r.succeeded() && r.result();
                    boolean configOk = components.config().active() != null;
                    String spoolProblem = components.booker().spoolProblem();
                    // a full spool under fail_closed refuses calls: not ready, so a balancer sends them elsewhere
                    boolean spoolOk = spoolProblem == null || components.booker().acceptsCalls();
                    boolean ready = storageOk && configOk && spoolOk;
                    JsonObject body = new JsonObject()
                            .put("status", ready ? "ready" : "not_ready")
                            .put("checks", new JsonObject()
                                    .put("config", configOk ? "ok" : "missing")
                                    .put("storage", storageOk ? "ok" : "unreachable")
                                    .put("usage_spool", spoolProblem == null ? "ok" : spoolProblem));
                    req.response().setStatusCode(ready ? 200 : 503)
                            .putHeader("content-type", "application/json").end(body.toBuffer());
                });
    }
}
