package dev.tollgate.spi.provider;

/** An upstream payload that cannot be translated (bad JSON, an unknown event); the message is safe to show. */
public final class TranslationException extends Exception {

    public TranslationException(String message) {
        super(message, null, false, false);
    }
}
