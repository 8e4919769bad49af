package dev.tollgate.core.pipeline;

import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;
import io.vertx.core.buffer.Buffer;

/**
 * What a {@link StreamRelay} does with each complete upstream event: pass it on as it is (reading usage
 * on the way), or translate it into the client's dialect. Per stream, event-loop only.
 */
interface StreamTransform {

    /** The bytes to send the client for one complete upstream event, or null for none. */
    Buffer onEvent(Buffer event) throws TranslationException;

    /** The bytes that end the client's stream after the upstream ended normally, or null for none. */
    Buffer onEnd();

    /** The bytes of an error event that ends the client's stream early. */
    Buffer onError(GatewayError error);

    /** Usage the upstream reported, or null when it reported none (the gateway then estimates). */
    TokenUsage usage();
}
