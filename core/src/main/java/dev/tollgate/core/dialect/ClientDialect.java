package dev.tollgate.core.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.spi.provider.WireFormat;
import io.vertx.core.buffer.Buffer;

/**
 * A protocol clients speak to the gateway (OpenAI Chat Completions, Anthropic Messages, …). When it
 * differs from the upstream's, the call is translated through the canonical form, OpenAI Chat
 * Completions JSON: the dialect turns the client's request into it and canonical answers back into the
 * client's format. Implementations are stateless and thread-safe; stream encoders are per call.
 */
public interface ClientDialect {

    WireFormat wireFormat();

    /**
     * The response header this dialect's SDKs read the request id from ({@code x-request-id} for OpenAI,
     * {@code request-id} for Anthropic); the gateway's own id goes there, besides {@code x-request-id}.
     */
    default String requestIdHeader() {
        return "x-request-id";
    }

    /** The canonical request for a client request; errors name the offending field. */
    ObjectNode toCanonical(ObjectNode clientRequest) throws MalformedRequestException;

    /**
     * The client-format answer for a canonical {@code chat.completion}; {@code canonicalRequest} is the call's
     * request, for dialects whose answers echo request settings (the Responses API).
     */
    ObjectNode fromCanonical(ObjectNode canonicalResponse, ObjectNode canonicalRequest);

    /**
     * A fresh encoder of canonical {@code chat.completion.chunk}s into the client's stream format.
     *
     * @param canonicalRequest the call's canonical request (an OpenAI client that did not ask for usage
     *                         in the stream does not get the usage chunk)
     */
    StreamEncoder newStreamEncoder(ObjectNode canonicalRequest);

    /** An error body in the client's format (its status is {@code error.status()}). */
    Buffer errorBody(GatewayError error);

    /** Turns canonical chunks into the bytes of the client's event stream. Per call, one thread. */
    interface StreamEncoder {

        /** Bytes to send for one canonical chunk (possibly several events, possibly none). */
        Buffer encode(ObjectNode canonicalChunk);

        /** Bytes that close the stream normally, after the last chunk. */
        Buffer end();

        /** Bytes that close the stream with an error, after something was already sent. */
        Buffer error(GatewayError error);
    }
}
