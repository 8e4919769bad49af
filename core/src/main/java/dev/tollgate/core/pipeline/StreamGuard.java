package dev.tollgate.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.core.guardrails.Placeholders;
import dev.tollgate.core.openai.SseEventSplitter;
import dev.tollgate.core.openai.SseEvents;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Guardrails on a stream, around the stream's own transform (pass-through or translation), on what the client
 * would receive:
 * <ul>
 *   <li>every {@code every_chars} generated chars, the post guardrails see the text since the last checkpoint
 *       (with some overlap, so a term split by a checkpoint is still seen); a block stops the stream at once with
 *       an error event in the client's dialect and cancels the upstream. Local guardrails decide before the
 *       chunk that crossed the checkpoint goes out; a remote one decides while the stream goes on (one check in
 *       flight at a time) and stops it when its verdict comes;</li>
 *   <li>the stream's last event ({@code [DONE]}, {@code message_stop}, {@code response.completed}) is held until
 *       the whole text passed the post guardrails, so a block at the end still ends the stream with an error;</li>
 *   <li>placeholders of a redacted request are put back into text deltas; one split across deltas is held back
 *       (the delta that ends with a possible start of one waits for the next) and other events get a plain
 *       substitution.</li>
 * </ul>
 * Per stream, event-loop only.
 */
final class StreamGuard implements StreamTransform {

    /** Chars before the last checkpoint shown again at the next one. */
    static final int OVERLAP = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Thrown out of the relay's event callback when a local guardrail blocked at a checkpoint. */
    static final class Stop extends RuntimeException {
        final GatewayError error;

        Stop(GatewayError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private final Exchange ex;
    /** Stops the stream from outside the relay's turn (a remote guardrail's late verdict). */
    private final java.util.function.Consumer<GatewayError> lateStop;
    private final StreamTransform inner;
    private final GuardStage stage;
    private final StringBuilder generated;
    private final Placeholders placeholders;
    private final SseEventSplitter splitter = new SseEventSplitter();
    private int checkedUpTo;
    private boolean checkInFlight;
    /** The stream's last event(s), held for the final check. */
    private Buffer heldEnd;
    /** A text delta held because it ends with a possible start of a placeholder. */
    private ObjectNode heldDelta;
    private String heldDeltaName;
    private String heldText;
    private Buffer out;

    /** @param generated the text the inner transform collects as the stream goes */
    StreamGuard(Exchange ex, StringBuilder generated, java.util.function.Consumer<GatewayError> lateStop,
                StreamTransform inner, GuardStage stage) {
        this.ex = ex;
        this.lateStop = lateStop;
        this.inner = inner;
        this.stage = stage;
        this.generated = generated != null ? generated : new StringBuilder();
        this.placeholders = ex.guard.restore.isEmpty() ? null : ex.guard.placeholders();
    }

    @Override
    public boolean wholeChunks() {
        return inner.wholeChunks();
    }

    @Override
    public Buffer onEvent(Buffer event) throws TranslationException {
        Buffer produced = inner.onEvent(event);
        checkpoint();
        return produced == null ? null : process(produced);
    }

    @Override
    public Buffer onEnd(Buffer unfinished) throws TranslationException {
        Buffer tail = inner.onEnd(unfinished);
        Buffer processed = tail == null ? null : process(tail);
        Buffer result = processed != null ? processed : Buffer.buffer();
        if (heldDelta != null) {
            result = Buffer.buffer().appendBuffer(flushDelta()).appendBuffer(result);
        }
        if (heldEnd != null) {
            result.appendBuffer(heldEnd);
            heldEnd = null;
        }
        return result.length() == 0 ? null : result;
    }

    /** The final check of the whole generated text; null when there is none to make. */
    @Override
    public Future<GatewayError> beforeEnd() {
        if (!ex.guard.post) {
            return null;
        }
        return stage.streamText(ex, generated.toString(), true);
    }

    @Override
    public Buffer onError(GatewayError error) {
        return inner.onError(error);
    }

    @Override
    public TokenUsage usage() {
        return inner.usage();
    }

    private void checkpoint() {
        int every = ex.guard.everyChars;
        if (every <= 0 || checkInFlight || generated.length() - checkedUpTo < every) {
            return;
        }
        String window = generated.substring(Math.max(0, checkedUpTo - OVERLAP));
        checkedUpTo = generated.length();
        Future<GatewayError> verdict = stage.streamText(ex, window, false);
        if (verdict.isComplete()) {
            if (verdict.result() != null) {
                throw new Stop(verdict.result());
            }
            return;
        }
        checkInFlight = true;
        verdict.onComplete(r -> {
            checkInFlight = false;
            if (r.succeeded() && r.result() != null && !ex.finished) {
                lateStop.accept(r.result());
            }
        });
    }

    /** Splits what the inner transform produced into events and handles each. */
    private Buffer process(Buffer produced) {
        if (placeholders == null && !ex.guard.post) {
            return produced;
        }
        out = null;
        splitter.feed(produced, this::onOutgoing);
        Buffer pendingTail = splitter.drainPending(); // the inner transform writes whole events; keep any rest
        if (pendingTail != null && pendingTail.length() > 0) {
            emit(pendingTail);
        }
        Buffer result = out;
        out = null;
        return result;
    }

    private void onOutgoing(Buffer event) {
        if (heldEnd != null) {
            heldEnd.appendBuffer(event);
            return;
        }
        if (ex.guard.post && isLast(event)) {
            if (heldDelta != null) {
                emit(flushDelta());
            }
            heldEnd = Buffer.buffer().appendBuffer(event);
            return;
        }
        if (placeholders == null) {
            emit(event);
            return;
        }
        restore(event);
    }

    private void restore(Buffer event) {
        Buffer data = SseEvents.data(event);
        ObjectNode tree = null;
        if (data != null && data.length() > 0 && data.getByte(0) == '{') {
            try {
                tree = (ObjectNode) JSON.readTree(data.getBytes());
            } catch (IOException | ClassCastException e) {
                tree = null;
            }
        }
        ObjectNode holder = tree == null ? null : deltaHolder(tree);
        String field = deltaField();
        if (holder == null || !holder.path(field).isTextual()) {
            if (heldDelta != null) {
                emit(flushDelta());
            }
            String raw = event.toString(StandardCharsets.UTF_8);
            emit(Buffer.buffer(placeholders.restoreJson(raw)));
            return;
        }
        String text = (heldText != null ? heldText : "") + holder.path(field).asText();
        heldDelta = null;
        heldText = null;
        int cut = placeholders.partialTail(text);
        if (cut >= 0) {
            heldDelta = tree;
            heldDeltaName = SseEvents.name(event);
            heldText = text;
            return;
        }
        holder.put(field, placeholders.restore(text));
        emit(encode(SseEvents.name(event), tree));
    }

    /** The held delta as it is: the possible placeholder never completed, so it was literal text. */
    private Buffer flushDelta() {
        ObjectNode holder = deltaHolder(heldDelta);
        holder.put(deltaField(), placeholders.restore(heldText));
        Buffer b = encode(heldDeltaName, heldDelta);
        heldDelta = null;
        heldText = null;
        return b;
    }

    private void emit(Buffer b) {
        if (out == null) {
            out = Buffer.buffer();
        }
        out.appendBuffer(b);
    }

    private static Buffer encode(String name, ObjectNode tree) {
        Buffer b = Buffer.buffer();
        if (name != null) {
            b.appendString("event: ").appendString(name).appendString("\n");
        }
        return b.appendString("data: ").appendString(tree.toString()).appendString("\n\n");
    }

    /** The object holding a text delta in the client's dialect, or null when the event is not one. */
    private ObjectNode deltaHolder(ObjectNode tree) {
        JsonNode holder = switch (ex.endpoint) {
            case CHAT_COMPLETIONS -> tree.path("choices").path(0).path("delta");
            case COMPLETIONS -> tree.path("choices").path(0);
            case MESSAGES -> "content_block_delta".equals(tree.path("type").asText())
                    && "text_delta".equals(tree.path("delta").path("type").asText()) ? tree.path("delta") : null;
            case RESPONSES -> "response.output_text.delta".equals(tree.path("type").asText()) ? tree : null;
            default -> null;
        };
        return holder instanceof ObjectNode o ? o : null;
    }

    private String deltaField() {
        return switch (ex.endpoint) {
            case CHAT_COMPLETIONS -> "content";
            case COMPLETIONS, MESSAGES -> "text";
            default -> "delta";
        };
    }

    /** The event that ends a stream in the client's dialect. */
    private boolean isLast(Buffer event) {
        if (ex.endpoint == Endpoint.MESSAGES) {
            return "message_stop".equals(SseEvents.name(event));
        }
        if (ex.endpoint == Endpoint.RESPONSES) {
            String name = SseEvents.name(event);
            return "response.completed".equals(name) || "response.incomplete".equals(name)
                    || "response.failed".equals(name);
        }
        return SseEvents.isDone(SseEvents.data(event));
    }
}
