package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.ToolCalls;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;

import java.util.function.Consumer;

/**
 * A {@code streamGenerateContent?alt=sse} stream as canonical chunks. Every event is a whole
 * {@code GenerateContentResponse} holding only the new parts, so each event's parts are emitted at once:
 * the first event also opens the stream with the role chunk; thoughts become {@code reasoning_content}
 * deltas, a thought signature a {@code thinking_blocks} delta (signature only, the text already went out),
 * text {@code content} deltas, and a function call (Gemini sends each whole) one {@code tool_calls} delta
 * with id, name and all the arguments. One event's parts share a delta while their kinds come in the order a
 * delta is read (reasoning, signature, text, tool calls); otherwise a new chunk starts, so order is kept.
 * The finish reason and the latest usage are remembered for {@link #finish}. Per stream, one thread.
 */
final class StreamTranslator {

    private final String requestedModel;
    private Canonical.Meta meta;
    private int toolCalls;
    private String geminiFinish;
    private boolean blocked;
    private TokenUsage usage;
    private boolean finished;

    StreamTranslator(String requestedModel) {
        this.requestedModel = requestedModel;
    }

    void onEvent(String data, Consumer<ObjectNode> emit) throws TranslationException {
        if (data == null || data.isBlank() || data.strip().equals("[DONE]")) {
            return;
        }
        JsonNode root = GeminiJson.parse(data, "a stream event from the upstream");
        if (!root.isObject()) {
            throw new TranslationException("a stream event from the upstream is not a JSON object");
        }
        GeminiErrorBody.Parsed error = GeminiErrorBody.of(root);
        if (error != null) {
            throw new TranslationException(error.message() != null ? error.message()
                    : "the upstream provider ended the stream with an error");
        }
        if (meta == null) {
            meta = Canonical.Meta.of(root, requestedModel);
            emit.accept(roleChunk());
        }
        JsonNode candidate = root.path("candidates").path(0);
        emitParts(candidate.path("content").path("parts"), emit);
        String finish = Json.text(candidate, "finishReason");
        if (finish != null && !finish.isEmpty()) {
            geminiFinish = finish;
        }
        if (Json.text(root.path("promptFeedback"), "blockReason") != null) {
            blocked = true;
        }
        TokenUsage seen = GeminiUsage.of(root.get("usageMetadata"));
        if (seen != null) {
            usage = seen;
        }
    }

    /** The finish chunk, then the usage-only chunk when Gemini reported usage; returns that usage or null. */
    TokenUsage finish(Consumer<ObjectNode> emit) {
        if (finished) {
            return usage;
        }
        finished = true;
        if (meta == null) {
            meta = Canonical.Meta.of(null, requestedModel);
            emit.accept(roleChunk());
        }
        String reason = blocked && geminiFinish == null ? "content_filter" : FinishReasons.of(geminiFinish, toolCalls > 0);
        emit.accept(Canonical.chunk(meta, Json.object(), reason));
        if (usage != null) {
            emit.accept(Canonical.usageChunk(meta, usage));
        }
        return usage;
    }

    private ObjectNode roleChunk() {
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return Canonical.chunk(meta, delta, null);
    }

    private void emitParts(JsonNode parts, Consumer<ObjectNode> emit) {
        ObjectNode delta = null;
        int rank = -1;
        for (PartReader.Piece piece : PartReader.read(parts)) {
            int pieceRank = rank(piece);
            if (delta != null && pieceRank < rank) {
                emit.accept(Canonical.chunk(meta, delta, null));
                delta = null;
            }
            if (delta == null) {
                delta = Json.object();
            }
            rank = pieceRank;
            switch (piece) {
                case PartReader.Thought t -> append(delta, "reasoning_content", t.text());
                case PartReader.Signature s -> {
                    ObjectNode block = delta.withArray("thinking_blocks").addObject();
                    block.put("type", "thinking");
                    block.put("thinking", "");
                    block.put("signature", s.signature());
                }
                case PartReader.Text t -> append(delta, "content", t.text());
                case PartReader.Call c -> {
                    ObjectNode call = ToolCalls.call(meta.toolCallId(toolCalls), c.name(), c.arguments());
                    ObjectNode indexed = Json.object();
                    indexed.put("index", toolCalls++);
                    indexed.setAll(call);
                    delta.withArray("tool_calls").add(indexed);
                }
            }
        }
        if (delta != null) {
            emit.accept(Canonical.chunk(meta, delta, null));
        }
    }

    private static int rank(PartReader.Piece piece) {
        return switch (piece) {
            case PartReader.Thought t -> 0;
            case PartReader.Signature s -> 1;
            case PartReader.Text t -> 2;
            case PartReader.Call c -> 3;
        };
    }

    private static void append(ObjectNode delta, String field, String text) {
        JsonNode previous = delta.get(field);
        delta.set(field, TextNode.valueOf(previous == null ? text : previous.asText() + text));
    }
}
