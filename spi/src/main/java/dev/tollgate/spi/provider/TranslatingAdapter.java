package dev.tollgate.spi.provider;

import dev.tollgate.spi.Endpoint;

/** An adapter for an upstream that does not speak OpenAI's format: it translates each call. */
public interface TranslatingAdapter extends ProviderAdapter {

    /**
     * A fresh translation for one call of an endpoint the adapter {@link #supports} (translations hold per-call
     * state, so they are never shared). For {@link Endpoint#EMBEDDINGS} the canonical request and answer are
     * OpenAI's embeddings JSON. For a client surface in the upstream's own API (Anthropic's
     * {@link Endpoint#MESSAGES}), whose calls pass through, the gateway only reads the usage with it.
     */
    ChatTranslation newTranslation(Endpoint endpoint);
}
