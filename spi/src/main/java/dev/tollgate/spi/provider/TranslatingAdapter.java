package dev.tollgate.spi.provider;

import dev.tollgate.spi.Endpoint;

/** An adapter for an upstream that does not speak OpenAI's format: it translates each call. */
public interface TranslatingAdapter extends ProviderAdapter {

    /**
     * A fresh translation for one call of an endpoint the adapter {@link #supports} (translations hold per-call
     * state, so they are never shared). For {@link Endpoint#EMBEDDINGS} the canonical request and answer are
     * OpenAI's embeddings JSON.
     */
    ChatTranslation newTranslation(Endpoint endpoint);
}
