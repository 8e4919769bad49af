package dev.tollgate.core.pipeline;

import dev.tollgate.core.dialect.responses.ResponsesDialect;
import dev.tollgate.core.openai.ResponsesScanner;
import dev.tollgate.core.openai.SseEvents;
import dev.tollgate.spi.TokenUsage;
import io.vertx.core.buffer.Buffer;

/**
 * The fast path's work when a Responses API call goes to an upstream that speaks that API: every event and
 * every answer leaves as it came, and the usage is read on the way, from the Response object or, in a stream,
 * from the {@code response} of its final event ({@code response.completed}, {@code .incomplete}, {@code .failed}).
 * Unlike a Chat Completions stream, a Responses stream always ends with its usage, so nothing is asked for and
 * nothing is stripped. The generated text is kept for an estimate in case usage never comes. Per stream.
 */
final class ResponsesPassThrough implements StreamTransform {

    private final StringBuilder generatedText;
    private TokenUsage usage;
    /** The sequence number the next event would carry: an error event the gateway adds keeps counting. */
    private long nextSequence;

    ResponsesPassThrough(StringBuilder generatedText) {
        this.generatedText = generatedText;
    }

    /** A buffered Response: its usage, else its text for an estimate. */
    static void meter(Exchange ex, Attempt attempt, Buffer answer) {
        ex.usage = ResponsesScanner.usage(answer);
        if (ex.usage == null) {
            attempt.generatedText = new StringBuilder();
            ResponsesScanner.appendOutputText(answer, attempt.generatedText);
        }
    }

    @Override
    public Buffer onEvent(Buffer event) {
        Buffer data = SseEvents.data(event);
        ResponsesScanner.Event read = data == null ? null : ResponsesScanner.event(data);
        if (read != null) {
            nextSequence = read.sequenceNumber() >= 0 ? read.sequenceNumber() + 1 : nextSequence + 1;
            if (read.usage() != null) {
                usage = read.usage();
            }
            if (read.textDelta() != null) {
                generatedText.append(read.textDelta());
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
        return ResponsesDialect.errorEvent(error, nextSequence);
    }

    @Override
    public TokenUsage usage() {
        return usage;
    }
}
