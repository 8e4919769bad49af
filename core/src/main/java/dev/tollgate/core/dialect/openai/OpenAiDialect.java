package dev.tollgate.core.dialect.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.openai.OpenAiErrors;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.spi.provider.WireFormat;
import io.vertx.core.buffer.Buffer;

/**
 * OpenAI Chat Completions as a client dialect. It is the canonical form, so requests and answers pass
 * as they are; only the stream framing ({@code data: …}, {@code [DONE]}) and the usage chunk (sent only
 * to clients that asked for it) are its own. Stateless and thread-safe.
 */
public final class OpenAiDialect implements ClientDialect {

    public static final OpenAiDialect INSTANCE = new OpenAiDialect();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private OpenAiDialect() {
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.OPENAI;
    }

    @Override
    public ObjectNode toCanonical(ObjectNode clientRequest) {
        return clientRequest;
    }

    @Override
    public ObjectNode fromCanonical(ObjectNode canonicalResponse, ObjectNode canonicalRequest) {
        return canonicalResponse;
    }

    @Override
    public StreamEncoder newStreamEncoder(ObjectNode canonicalRequest) {
        boolean wantsUsage = canonicalRequest.path("stream_options").path("include_usage").asBoolean(false);
        return new StreamEncoder() {
            @Override
            public Buffer encode(ObjectNode chunk) {
                boolean usageOnly = chunk.path("choices").isArray() && chunk.path("choices").isEmpty()
                        && chunk.hasNonNull("usage");
                if (usageOnly && !wantsUsage) {
                    return null;
                }
                return event(chunk);
            }

            @Override
            public Buffer end() {
                return DONE;
            }

            @Override
            public Buffer error(GatewayError error) {
                return OpenAiErrors.streamEvent(error.message(), error.type(), error.code());
            }
        };
    }

    @Override
    public Buffer errorBody(GatewayError error) {
        return OpenAiErrors.body(error.message(), error.type(), error.param(), error.code());
    }

    private static Buffer event(ObjectNode chunk) {
        try {
            return Buffer.buffer(6 + 256).appendString("data: ").appendBytes(JSON.writeValueAsBytes(chunk))
                    .appendString("\n\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
