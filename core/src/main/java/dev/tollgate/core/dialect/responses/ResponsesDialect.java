package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.spi.provider.WireFormat;
import io.vertx.core.buffer.Buffer;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}) as a client dialect, so Codex and the OpenAI SDKs'
 * {@code responses.create} can reach any model. Stateless: {@code previous_response_id} and other stored
 * state are refused, and nothing is stored. See {@link ResponsesRequestDecoder},
 * {@link ResponsesResponseEncoder}, {@link ResponsesStreamEncoder} and {@link ResponsesErrors}.
 */
public final class ResponsesDialect implements ClientDialect {

    /**
     * The Responses API is never the same format as an upstream: every call goes through the canonical
     * form, even to OpenAI (whose upstream adapters speak Chat Completions). Passing Responses calls
     * through to OpenAI's own {@code /v1/responses} is not built yet.
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
}
