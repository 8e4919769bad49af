package dev.tollgate.providers.canonical;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.TranslationException;

import java.util.function.Consumer;

/**
 * A translation of calls that never stream (embeddings: {@link dev.tollgate.spi.Endpoint#canStream()} is false),
 * so the gateway never feeds it stream events; should one come anyway, it is an upstream answer the translation
 * cannot read. Subclasses translate the request and the one answer, and set {@link #reported}.
 */
public abstract class UnstreamedTranslation implements ChatTranslation {

    /** The usage the last answer reported, or null. */
    protected TokenUsage reported;

    @Override
    public final void onStreamEvent(String event, String data, Consumer<ObjectNode> emit) throws TranslationException {
        throw new TranslationException("the upstream provider streamed an answer to a call that does not stream");
    }

    @Override
    public final TokenUsage finish(Consumer<ObjectNode> emit) {
        return reported;
    }

    @Override
    public final TokenUsage reportedUsage() {
        return reported;
    }
}
