package dev.tollgate.core.pipeline;

import dev.tollgate.core.auth.KeyDirectory;

/**
 * An error the client will see, already in the terms of the OpenAI error format.
 *
 * @param retryAfterSeconds sent as {@code Retry-After} when positive
 */
public record GatewayError(int status, String type, String code, String param, String message,
                           long retryAfterSeconds) {

    public static GatewayError invalidRequest(String message, String param) {
        return new GatewayError(400, "invalid_request_error", null, param, message, 0);
    }

    public static GatewayError unauthorized(String message) {
        return new GatewayError(401, "authentication_error", "invalid_api_key", null, message, 0);
    }

    /**
     * A refused authentication: 429 for an address locked out after too many wrong keys, 403 for a genuine key
     * used from an address it may not use, else 401.
     */
    public static GatewayError refused(KeyDirectory.Result auth) {
        KeyDirectory.Failure failure = auth.failure();
        return switch (failure) {
            case THROTTLED -> authThrottled(auth.retryAfterSeconds());
            case IP_NOT_ALLOWED -> new GatewayError(403, "permission_error", "ip_not_allowed", null, failure.message, 0);
            default -> unauthorized(failure.message);
        };
    }

    /** Shared by client and admin endpoints, so a locked-out address sees one answer everywhere. */
    public static GatewayError authThrottled(long retryAfterSeconds) {
        return rateLimited(KeyDirectory.Failure.THROTTLED.message, retryAfterSeconds);
    }

    public static GatewayError modelNotAllowed(String model) {
        return new GatewayError(403, "permission_error", "model_not_allowed", "model",
                "This API key is not allowed to use the model '" + model + "'.", 0);
    }

    public static GatewayError modelNotFound(String model) {
        return new GatewayError(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or you do not have access to it.", 0);
    }

    public static GatewayError unknownUrl(String method, String path) {
        return new GatewayError(404, "invalid_request_error", "unknown_url", null,
                "Unknown request URL: " + method + " " + path + ".", 0);
    }

    public static GatewayError notFound(String what) {
        return new GatewayError(404, "invalid_request_error", "not_found", null, what, 0);
    }

    public static GatewayError adminUnauthorized() {
        return new GatewayError(401, "authentication_error", "invalid_admin_key", null,
                "The admin API needs the admin key as 'Authorization: Bearer …'.", 0);
    }

    public static GatewayError methodNotAllowed(String method, String path) {
        return new GatewayError(405, "invalid_request_error", "method_not_allowed", null,
                "Method " + method + " is not allowed on " + path + ".", 0);
    }

    public static GatewayError bodyTooLarge(long limit) {
        return new GatewayError(413, "invalid_request_error", "request_too_large", null,
                "The request body is larger than the " + limit + " bytes this gateway accepts.", 0);
    }

    public static GatewayError unsupported(String message) {
        return new GatewayError(400, "invalid_request_error", "unsupported", null, message, 0);
    }

    public static GatewayError rateLimited(String message, long retryAfterSeconds) {
        return new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", null, message, retryAfterSeconds);
    }

    public static GatewayError badGateway(String message) {
        return new GatewayError(502, "upstream_error", "bad_gateway", null, message, 0);
    }

    public static GatewayError unavailable(String message, long retryAfterSeconds) {
        return new GatewayError(503, "upstream_error", "service_unavailable", null, message, retryAfterSeconds);
    }

    /** The gateway cannot record usage (its spool is full) and {@code usage.on_spool_full} is fail_closed. */
    public static GatewayError usageNotRecordable() {
        return new GatewayError(503, "server_error", "usage_spool_full", null,
                "The gateway cannot record usage right now (its usage spool is full), so it takes no new calls. "
                        + "Try again shortly.", 5);
    }

    public static GatewayError timeout(String message) {
        return new GatewayError(504, "timeout_error", "upstream_timeout", null, message, 0);
    }

    public static GatewayError internal() {
        return new GatewayError(500, "server_error", "internal_error", null,
                "The gateway failed to handle the request; see the gateway log.", 0);
    }

    /**
     * True for refusals a retry cannot cure (an exhausted budget or balance): answered with
     * {@code x-should-retry: false}, which the OpenAI and Anthropic SDKs obey instead of retrying a 429.
     */
    public boolean retryPointless() {
        return "budget_exceeded".equals(code) || "insufficient_balance".equals(code)
                || "tokens_limit_unattainable".equals(code);
    }
}
