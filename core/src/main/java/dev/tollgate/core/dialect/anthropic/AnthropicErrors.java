package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.pipeline.GatewayError;
import io.vertx.core.buffer.Buffer;

/**
 * Errors in Anthropic's format, {@code {"type":"error","error":{"type":…,"message":…}}}, with the error
 * type Anthropic uses for the HTTP status.
 */
public final class AnthropicErrors {

    private AnthropicErrors() {
    }

    /** Anthropic's error type for an HTTP status. */
    public static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
        };
    }

    static ObjectNode json(GatewayError error) {
        ObjectNode body = AnthropicJson.object();
        body.put("type", "error");
        ObjectNode inner = body.putObject("error");
        inner.put("type", errorType(error.status()));
        inner.put("message", error.message() == null ? "" : error.message());
        return body;
    }

    /** The error response body. */
    public static Buffer body(GatewayError error) {
        return Buffer.buffer(AnthropicJson.write(json(error)));
    }

    /** The same error as a stream event, for failures after the stream began. */
    public static Buffer streamEvent(GatewayError error) {
        return Buffer.buffer("event: error\ndata: " + AnthropicJson.write(json(error)) + "\n\n");
    }
}
