package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.OpenAiErrors;
import dev.tollgate.core.pipeline.GatewayError;
import io.vertx.core.buffer.Buffer;

/**
 * Errors of the Responses API: bodies in OpenAI's error format (the same as Chat Completions'), and the
 * stream's {@code error} event, whose fields ({@code code}, {@code message}, {@code param}) sit beside its
 * {@code type} rather than in an {@code error} object.
 */
final class ResponsesErrors {

    private ResponsesErrors() {
    }

    static Buffer body(GatewayError error) {
        return OpenAiErrors.body(error.message() == null ? "" : error.message(), error.type(), error.param(), error.code());
    }

    /** The data of an {@code error} stream event, before its {@code sequence_number}. */
    static ObjectNode event(GatewayError error) {
        ObjectNode event = ResponsesJson.object();
        event.put("type", "error");
        if (error.code() == null) {
            event.putNull("code");
        } else {
            event.put("code", error.code());
        }
        event.put("message", error.message() == null ? "" : error.message());
        if (error.param() == null) {
            event.putNull("param");
        } else {
            event.put("param", error.param());
        }
        return event;
    }
}
