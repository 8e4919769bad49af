package dev.tollgate.core.pipeline;

import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;
import io.vertx.core.buffer.Buffer;

/**
 * What a {@link StreamRelay} does with each complete upstream event: pass it on as it is (reading usage
 * on the way), or translate it into the client's dialect. Per stream, event-loop only.
 */
interface StreamTransform {

    /**
     * The bytes to send the client for one complete upstream event (or, when {@link #wholeChunks()}, one
     * network chunk), or null for none.
     */
    Buffer onEvent(Buffer event) throws TranslationException;

    /**
     * The bytes that end the client's stream after the upstream ended, or null for none.
     *
     * @param unfinished bytes of an event the upstream never completed, or null
     * @throws TranslationException when the stream was cut off in a way the client must hear about
     */
    Buffer onEnd(Buffer unfinished) throws TranslationException;

    /** True when the transform frames the stream itself (binary event streams) and wants raw network chunks. */
    default boolean wholeChunks() {
        return false;
    }

    /**
     * A last word on the stream once the upstream ended (guardrails judging the whole answer): null for none,
     * else a future of the error to end the stream with instead, or of null to end it normally.
     */
    default io.vertx.core.Future<GatewayError> beforeEnd() {
        return null;
    }

    /** The bytes of an error event that ends the client's stream early. */
    Buffer onError(GatewayError error);

    /** Usage the upstream reported, or null when it reported none (the gateway then estimates). */
    TokenUsage usage();
}
