package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.dialect.ClientDialect;
import dev.tollgate.core.openai.ByteView;
import dev.tollgate.core.openai.SseEvents;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.FramedStreams;
import dev.tollgate.spi.provider.TranslationException;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * A stream between different wire formats: each upstream event is translated into canonical chunks and
 * those are encoded in the client's dialect at once, so a translated event leaves in the same turn its
 * source arrived. Also used, with {@code encoder == null}, to meter a same-format non-OpenAI stream
 * (events pass untouched while the translation reads their usage). Per stream.
 */
final class TranslatedStream implements StreamTransform {

    private final ChatTranslation translation;
    private final FramedStreams.StreamDecoder decoder;
    private final ClientDialect.StreamEncoder encoder;
    private final StringBuilder generatedText;
    private final long created;
    private Buffer pending;
    private TokenUsage usage;

    /**
     * @param decoder null for server-sent events, else the upstream's own framing (raw chunks come in)
     * @param encoder null to pass events through unchanged and only meter them
     */
    TranslatedStream(ChatTranslation translation, FramedStreams.StreamDecoder decoder,
                     ClientDialect.StreamEncoder encoder, StringBuilder generatedText, long created) {
        this.created = created;
        this.translation = translation;
        this.decoder = decoder;
        this.encoder = encoder;
        this.generatedText = generatedText;
    }

    @Override
    public boolean wholeChunks() {
        return decoder != null;
    }

    @Override
    public Buffer onEvent(Buffer event) throws TranslationException {
        if (decoder != null) {
            ByteView bytes = ByteView.of(event);
            decoder.feed(bytes.array(), bytes.offset(), bytes.length(),
                    (type, payload) -> translation.onStreamEvent(type, payload, this::accept));
        } else {
            Buffer data = SseEvents.data(event);
            if (data != null) {
                translation.onStreamEvent(SseEvents.name(event), data.toString(StandardCharsets.UTF_8), this::accept);
            }
        }
        if (encoder == null) {
            return event;
        }
        Buffer out = pending;
        pending = null;
        return out;
    }

    @Override
    public Buffer onEnd(Buffer unfinished) throws TranslationException {
        if ((unfinished != null && !unfinished.toString(StandardCharsets.UTF_8).isBlank())
                || (decoder != null && decoder.pendingBytes() > 0)) {
            usage = translation.finish(chunk -> { });
            throw new TranslationException("The upstream provider's stream was cut off in the middle of an event.");
        }
        usage = translation.finish(this::accept);
        if (encoder == null) {
            return null;
        }
        Buffer out = pending != null ? pending : Buffer.buffer();
        pending = null;
        return out.appendBuffer(encoder.end());
    }

    @Override
    public Buffer onError(GatewayError error) {
        if (encoder != null) {
            return encoder.error(error);
        }
        return null;
    }

    /** Some upstreams' answers carry no creation time (Gemini's); the gateway's start of the call stands in. */
    static void stampCreated(ObjectNode canonical, long epochSecond) {
        if (canonical.path("created").asLong(0) == 0) {
            canonical.put("created", epochSecond);
        }
    }

    @Override
    public TokenUsage usage() {
        return usage;
    }

    private void accept(ObjectNode chunk) {
        stampCreated(chunk, created);
        for (var choice : chunk.path("choices")) {
            var delta = choice.path("delta");
            if (delta.path("content").isTextual()) {
                generatedText.append(delta.path("content").asText());
            }
            if (delta.path("reasoning_content").isTextual()) {
                generatedText.append(delta.path("reasoning_content").asText());
            }
        }
        if (encoder == null) {
            return;
        }
        Buffer bytes = encoder.encode(chunk);
        if (bytes != null) {
            pending = pending == null ? bytes : Buffer.buffer().appendBuffer(pending).appendBuffer(bytes);
        }
    }
}
