package dev.tollgate.core.pipeline;

import dev.tollgate.core.openai.OpenAiErrors;
import dev.tollgate.core.openai.SseEvents;
import dev.tollgate.core.openai.UsageScanner;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;

/**
 * The fast path's stream work when client and upstream both speak OpenAI: events leave untouched; the
 * one carrying usage is read, and dropped when the gateway (not the client) asked for it; the generated
 * text is kept for an estimate in case usage never comes. Per stream.
 */
final class OpenAiPassThrough implements StreamTransform {

    private final boolean stripUsageChunk;
    private final StringBuilder generatedText;
    private TokenUsage usage;

    OpenAiPassThrough(boolean clientAskedForUsage, StringBuilder generatedText) {
        this.stripUsageChunk = !clientAskedForUsage;
        this.generatedText = generatedText;
    }

    @Override
    public Buffer onEvent(Buffer event) {
        Buffer data = SseEvents.data(event);
        if (data != null && !SseEvents.isDone(data)) {
            if (UsageScanner.mayCarryUsage(data)) {
                TokenUsage seen = UsageScanner.usage(data);
                if (seen != null) {
                    usage = seen;
                }
                if (stripUsageChunk && UsageScanner.isUsageOnlyChunk(data)) {
                    return null;
                }
            } else {
                UsageScanner.appendGeneratedText(data, generatedText);
            }
        }
        return event;
    }

    @Override
    public Buffer onEnd(Buffer unfinished) {
        return unfinished; // same format: even a dangling partial event passes through as it came
    }

    @Override
    public Buffer onError(GatewayError error) {
        return OpenAiErrors.streamEvent(error.message(), error.type(), error.code());
    }

    @Override
    public TokenUsage usage() {
        return usage;
    }
}
