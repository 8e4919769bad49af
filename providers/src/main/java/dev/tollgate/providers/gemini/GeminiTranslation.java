package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.TranslationException;

import java.util.function.Consumer;

/**
 * One chat call between the canonical form and Gemini's {@code generateContent}. Per call, one thread: a stream
 * keeps its state (tool-call count, finish reason, latest usage) in a {@link StreamTranslator}.
 */
public final class GeminiTranslation implements ChatTranslation {

    private String upstreamModel;
    private TokenUsage usage;
    private StreamTranslator stream;

    @Override
    public byte[] request(ObjectNode canonicalRequest, String upstreamModel, boolean stream) throws TranslationException {
        this.upstreamModel = upstreamModel;
        return Json.bytes(RequestTranslator.translate(canonicalRequest));
    }

    @Override
    public ObjectNode response(byte[] upstreamBody) throws TranslationException {
        ResponseTranslator.Result result = ResponseTranslator.translate(upstreamBody, upstreamModel);
        usage = result.usage();
        return result.completion();
    }

    /** Gemini's events carry no name; each {@code data} is a whole {@code GenerateContentResponse}. */
    @Override
    public void onStreamEvent(String event, String data, Consumer<ObjectNode> emit) throws TranslationException {
        stream().onEvent(data, emit);
    }

    @Override
    public TokenUsage finish(Consumer<ObjectNode> emit) {
        return stream().finish(emit);
    }

    @Override
    public TokenUsage reportedUsage() {
        return usage;
    }

    private StreamTranslator stream() {
        if (stream == null) {
            stream = new StreamTranslator(upstreamModel);
        }
        return stream;
    }
}
