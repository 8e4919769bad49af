package dev.tollgate.core.pipeline;

import dev.tollgate.core.openai.OpenAiErrors;
import io.vertx.core.http.HttpServerResponse;

/** Writes a {@link GatewayError} as an OpenAI-format error response; the one place that does. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    /** Does nothing when the response has already started: a stream's error is an event, not a status. */
    public static void send(HttpServerResponse res, GatewayError error) {
        if (res.ended() || res.closed() || res.headWritten()) {
            return;
        }
        if (!res.headers().contains("x-request-id")) {
            res.putHeader("x-request-id", RequestIds.next());
        }
        res.setStatusCode(error.status()).putHeader("content-type", "application/json");
        if (error.retryAfterSeconds() > 0) {
            res.putHeader("retry-after", Long.toString(error.retryAfterSeconds()));
        }
        res.end(OpenAiErrors.body(error.message(), error.type(), error.param(), error.code()));
    }
}
