package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.openai.MalformedRequestException;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.spi.provider.WireFormat;
import io.vertx.core.buffer.Buffer;

/**
 * Anthropic Messages ({@code POST /v1/messages}) as a client dialect, so Anthropic SDKs and Claude Code
 * can reach any model, OpenAI-format upstreams included. Stateless; see {@link AnthropicRequestDecoder},
 * {@link AnthropicResponseEncoder}, {@link AnthropicStreamEncoder} and {@link AnthropicErrors}.
 */
public final class AnthropicDialect implements ClientDialect {

    @Override
    public String requestIdHeader() {
        return "request-id";
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.ANTHROPIC;
    }

    @Override
    public ObjectNode toCanonical(ObjectNode clientRequest) throws MalformedRequestException {
        return AnthropicRequestDecoder.toCanonical(clientRequest);
    }

    @Override
    public ObjectNode fromCanonical(ObjectNode canonicalResponse, ObjectNode canonicalRequest) {
        return AnthropicResponseEncoder.fromCanonical(canonicalResponse);
    }

    @Override
    public StreamEncoder newStreamEncoder(ObjectNode canonicalRequest) {
        return new AnthropicStreamEncoder(canonicalRequest == null ? null : canonicalRequest.path("model").textValue());
    }

    @Override
    public Buffer errorBody(GatewayError error) {
        return AnthropicErrors.body(error);
    }

    /**
     * The canonical messages (system prompt included) of a {@code /v1/messages/count_tokens} body, for the
     * gateway's token estimate; {@code max_tokens} is not required there.
     */
    public static ArrayNode countTokensMessages(ObjectNode countTokensRequest) throws MalformedRequestException {
        return AnthropicRequestDecoder.countTokensMessages(countTokensRequest);
    }
}
