package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.TranslationException;

import java.util.function.Consumer;

/**
 * One chat call translated between the canonical form and Anthropic Messages. Per call and stateful: the
 * request decides whether a JSON-mode tool stands in for {@code response_format}, which the answer's
 * translation must know, and a stream keeps its open blocks. Pure: {@code created} is fixed when the
 * translation is made (Anthropic's answers carry no timestamp).
 */
public final class AnthropicTranslation implements ChatTranslation {

    private final long created;
    private String jsonToolName;
    private TokenUsage reportedUsage;
    private StreamTranslator stream;

    /** @param created the {@code created} (epoch seconds) of every object this translation makes */
    public AnthropicTranslation(long created) {
        this.created = created;
    }

    @Override
    public byte[] request(ObjectNode canonicalRequest, String upstreamModel, boolean stream)
            throws TranslationException {
        RequestTranslator.Result result = RequestTranslator.translate(canonicalRequest, upstreamModel, stream);
        jsonToolName = result.jsonToolName();
        return Json.bytes(result.body());
    }

    @Override
    public ObjectNode response(byte[] upstreamBody) throws TranslationException {
        reportedUsage = null;
        ResponseTranslator.Result result = ResponseTranslator.translate(
                Json.parse(upstreamBody, "the upstream answer"), jsonToolName, created);
        reportedUsage = result.usage() == null ? null : result.usage().toTokenUsage();
        return result.completion();
    }

    @Override
    public void onStreamEvent(String event, String data, Consumer<ObjectNode> emit) throws TranslationException {
        stream().onEvent(event, data, emit);
    }

    @Override
    public TokenUsage finish(Consumer<ObjectNode> emit) {
        return stream().finish(emit);
    }

    @Override
    public TokenUsage reportedUsage() {
        return reportedUsage;
    }

    private StreamTranslator stream() {
        if (stream == null) {
            stream = new StreamTranslator(created, jsonToolName);
        }
        return stream;
    }
}
