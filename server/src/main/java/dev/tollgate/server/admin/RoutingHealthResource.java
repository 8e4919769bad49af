package dev.tollgate.server.admin;

import dev.tollgate.core.routing.DeploymentHealth;
import dev.tollgate.core.routing.RoutingState;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** {@code GET /admin/v1/routing/health}: what this process knows about each deployment it has routed to. */
final class RoutingHealthResource implements AdminResource {

    private final RoutingState routing;

    RoutingHealthResource(RoutingState routing) {
        this.routing = routing;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.GET, "/routing/health", AdminAccess.ANY, this::routingHealth);
    }

    /** What this process knows about each deployment it has routed to: breaker, load, latency. */
    private void routingHealth(AdminCall call) {
        JsonArray data = new JsonArray();
        routing.snapshot().forEach(entry -> {
            DeploymentHealth h = entry.health();
            data.add(new JsonObject()
                .put("model", entry.model())
                .put("deployment", entry.deployment())
                .put("breaker", h.breaker().state().name().toLowerCase(java.util.Locale.ROOT))
                .put("in_flight", h.inFlight())
                .put("requests_last_minute", h.requestsLastMinute())
                .put("ttft_ms", Double.isNaN(h.ttftNanos()) ? null : h.ttftNanos() / 1e6)
                .put("latency_ms", Double.isNaN(h.totalNanos()) ? null : h.totalNanos() / 1e6));
        });
        call.reply(200, new JsonObject().put("object", "list").put("data", data));
    }
}
