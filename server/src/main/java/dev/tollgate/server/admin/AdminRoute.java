package dev.tollgate.server.admin;

import io.vertx.core.http.HttpMethod;

import java.util.function.Consumer;

/**
 * One admin endpoint: method, path template below {@code /admin/v1} (e.g. {@code /keys/{id}/rotate}), who may
 * call it, and its handler. The table of these is the single list the router dispatches from and the OpenAPI
 * document is checked against.
 *
 * @param access        who may call it, as documented; the handler enforces it through {@link Scope}
 * @param idempotent    a creating POST that honours {@code Idempotency-Key}
 * @param authenticated false only for what holds no data (the OpenAPI document)
 */
record AdminRoute(HttpMethod method, String path, String access, boolean idempotent, boolean authenticated,
                  Consumer<AdminCall> handler) {

    /** The public view of a route, for tests and the CLI's documentation; no handler. */
    AdminRouteSummary summary() {
        return new AdminRouteSummary(method.name(), path, access, idempotent, authenticated);
    }
}
