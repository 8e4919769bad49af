package dev.tollgate.spi.provider;

import dev.tollgate.spi.Endpoint;

/** An adapter for an upstream that does not speak OpenAI's format: it translates each call. */
public interface TranslatingAdapter extends ProviderAdapter {

    /** A fresh translation for one call (translations hold stream state, so they are never shared). */
    ChatTranslation newTranslation(Endpoint endpoint);
}
