package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.spi.provider.WireFormat;
import io.vertx.core.buffer.Buffer;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}) as a client dialect, so Codex and the OpenAI SDKs'
 * {@code responses.create} can reach any model. Used when the upstream does not speak that API itself (calls to
 * those that do pass through untouched). Stateless: {@code previous_response_id} and other stored
 * state are refused, and nothing is stored. See {@link ResponsesRequestDecoder},
 * {@link ResponsesResponseEncoder}, {@link ResponsesStreamEncoder} and {@link ResponsesErrors}.
 */
public final class ResponsesDialect implements ClientDialect {

    /**
     * No adapter's {@code wireFormat()} is this one: an upstream that takes Responses calls as they are says so by
     * supporting {@code Endpoint.RESPONSES} (and the call then passes through); every other call goes through the
     * canonical form.
     */
    @Override
    public WireFormat wireFormat() {
        return WireFormat.OPENAI_RESPONSES;
    }

    @Override
    public ObjectNode toCanonical(ObjectNode clientRequest) throws MalformedRequestException {
        return ResponsesRequestDecoder.toCanonical(clientRequest);
    }

    /** The Response for a canonical answer, repeating the parameters of the canonical request it answers. */
    @Override
    public ObjectNode fromCanonical(ObjectNode canonicalResponse, ObjectNode canonicalRequest) {
        return ResponsesResponseEncoder.fromCanonical(canonicalResponse, canonicalRequest);
    }

    @Override
    public StreamEncoder newStreamEncoder(ObjectNode canonicalRequest) {
        return new ResponsesStreamEncoder(canonicalRequest);
    }

    @Override
    public Buffer errorBody(GatewayError error) {
        return ResponsesErrors.body(error);
    }

    /**
     * The {@code error} event that ends a stream the gateway did not encode itself (a pass-through that broke
     * off), numbered after the last event the client got.
     */
    public static Buffer errorEvent(GatewayError error, long sequenceNumber) {
        ObjectNode event = ResponsesErrors.event(error);
        event.put("sequence_number", sequenceNumber);
        return Buffer.buffer("event: error\ndata: " + ResponsesJson.write(event) + "\n\n");
    }
}
