package dev.tollgate.core.pipeline;

import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.dialect.openai.OpenAiDialect;
import io.vertx.core.http.HttpServerResponse;

/** Writes a {@link GatewayError} as an error response in the client's dialect; the one place that does. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    /** In the OpenAI format. Does nothing when the response has already started. */
    public static void send(HttpServerResponse res, GatewayError error) {
        send(res, error, OpenAiDialect.INSTANCE);
    }

    /**
     * In the client's dialect. Does nothing when the response has already started: a stream's error is
     * an event, not a status.
     */
    public static void send(HttpServerResponse res, GatewayError error, ClientDialect dialect) {
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
        if (error.retryPointless()) {
            res.putHeader("x-should-retry", "false");
        } else if ("rate_limit_exceeded".equals(error.code())) {
            res.putHeader("x-should-retry", "true"); // after Retry-After: room comes back as the window slides
        }
        res.end(dialect.errorBody(error));
    }
}
