package dev.tollgate.server.admin;

import dev.tollgate.core.pipeline.GatewayError;

/** The admin API's errors, all in the OpenAI error format so one client-side parser handles every answer. */
final class AdminErrors {

    private AdminErrors() {
    }

    static GatewayError invalid(String message, String param) {
        return GatewayError.invalidRequest(message, param);
    }

    static GatewayError notFound(String type, String id) {
        return GatewayError.notFound("No " + type + " with id '" + id + "'.");
    }

    static GatewayError forbidden(String message) {
        return new GatewayError(403, "permission_error", "forbidden", null, message, 0);
    }

    static GatewayError conflict(String message) {
        return new GatewayError(409, "invalid_request_error", "conflict", null, message, 0);
    }

    static GatewayError idempotencyInProgress() {
        return new GatewayError(409, "invalid_request_error", "idempotency_key_in_use", null,
                "A request with this Idempotency-Key is still running; retry once it has answered.", 0);
    }

    static GatewayError idempotencyMismatch() {
        return new GatewayError(422, "invalid_request_error", "idempotency_key_reused", null,
                "This Idempotency-Key was already used with a different request body.", 0);
    }
}
