package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.ToolCalls;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;

/**
 * A {@code GenerateContentResponse} as a canonical {@code chat.completion}. Only the first candidate is read
 * (the request never asks for more). Text parts are joined into {@code content}; thought parts into
 * {@code reasoning_content}; each thought signature becomes a {@code thinking_blocks} entry holding the thought
 * text that preceded it, so a later turn can hand the signature back; function calls become
 * {@code tool_calls}. A prompt blocked before any candidate ({@code promptFeedback.blockReason}) is an empty
 * answer finished by {@code content_filter}.
 */
final class ResponseTranslator {

    record Result(ObjectNode completion, TokenUsage usage) {
    }

    private ResponseTranslator() {
    }

    static Result translate(byte[] body, String requestedModel) throws TranslationException {
        JsonNode root = GeminiJson.parse(body, "the upstream answer");
        if (!root.isObject()) {
            throw new TranslationException("the upstream answer is not a JSON object");
        }
        GeminiErrorBody.Parsed error = GeminiErrorBody.of(root);
        if (error != null) {
            throw new TranslationException(error.message() != null ? error.message()
                    : "the upstream provider answered with an error");
        }
        Canonical.Meta meta = Canonical.Meta.of(root, requestedModel);
        JsonNode candidate = root.path("candidates").path(0);
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        StringBuilder pendingThought = new StringBuilder();
        ArrayNode blocks = Json.array();
        ArrayNode calls = Json.array();
        for (PartReader.Piece piece : PartReader.read(candidate.path("content").path("parts"))) {
            switch (piece) {
                case PartReader.Thought t -> {
                    reasoning.append(t.text());
                    pendingThought.append(t.text());
                }
                case PartReader.Signature s -> {
                    ObjectNode block = blocks.addObject();
                    block.put("type", "thinking");
                    block.put("thinking", pendingThought.toString());
                    block.put("signature", s.signature());
                    pendingThought.setLength(0);
                }
                case PartReader.Text t -> text.append(t.text());
                case PartReader.Call c -> calls.add(ToolCalls.call(meta.toolCallId(calls.size()), c.name(),
                        c.arguments()));
            }
        }
        ObjectNode message = Json.object();
        message.put("role", "assistant");
        if (!text.isEmpty() || calls.isEmpty()) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!blocks.isEmpty()) {
            message.set("thinking_blocks", blocks);
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        String finish = Json.text(candidate, "finishReason");
        boolean blocked = candidate.isMissingNode() && Json.text(root.path("promptFeedback"), "blockReason") != null;
        String finishReason = blocked ? "content_filter" : FinishReasons.of(finish, !calls.isEmpty());
        TokenUsage usage = GeminiUsage.of(root.get("usageMetadata"));
        return new Result(Canonical.completion(meta, message, finishReason, usage), usage);
    }
}
