package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.messages.AnswerBuilder;
import dev.tollgate.providers.messages.CacheAwareUsage;
import dev.tollgate.spi.provider.TranslationException;

/**
 * A complete Converse answer, {@code {"output":{"message":{"role","content":[…]}},"stopReason","usage",
 * "metrics"}}, as a canonical {@code chat.completion}, built by an {@link AnswerBuilder}. Converse answers
 * carry neither an id nor the model, so both come from the translation.
 */
final class ResponseTranslator {

    /** @param usage the upstream's usage, or null when it reported none */
    record Result(ObjectNode completion, CacheAwareUsage usage) {
    }

    private ResponseTranslator() {
    }

    /**
     * @param jsonToolName the JSON-mode tool (see {@link ToolConfigTranslator}), whose call becomes the
     *                     message content, or null
     */
    static Result translate(JsonNode answer, String jsonToolName, String id, String model, long created)
            throws TranslationException {
        if (answer == null || !answer.isObject()) {
            throw new TranslationException("the upstream answer is not a JSON object");
        }
        JsonNode content = answer.path("output").path("message").get("content");
        if (content == null || !content.isArray()) {
            String error = BedrockErrorBody.message(answer);
            throw new TranslationException(error != null ? "the upstream answered with an error: " + error
                    : "the upstream answer has no output.message.content array");
        }
        AnswerBuilder built = new AnswerBuilder(jsonToolName);
        for (JsonNode block : content) {
            if (block.has("text")) {
                built.text(block.path("text").asText(""));
            } else if (block.has("reasoningContent")) {
                reasoning(block.get("reasoningContent"), built);
            } else if (block.has("toolUse")) {
                JsonNode toolUse = block.get("toolUse");
                JsonNode input = toolUse.has("input") && !toolUse.get("input").isNull() ? toolUse.get("input") : Json.object();
                built.toolUse(toolUse.path("toolUseId").asText(""), toolUse.path("name").asText(""), input);
            }
            // citationsContent, guardContent and blocks added later carry nothing OpenAI can say
        }
        CacheAwareUsage usage = CacheAwareUsage.of(answer.get("usage"), BedrockUsage.FIELDS);
        String finishReason = FinishReasons.of(Json.text(answer, "stopReason"), built.hasToolCalls());
        return new Result(built.completion(id, model, created, finishReason, usage), usage);
    }

    /** One block holds either signed reasoning text or redacted content. */
    private static void reasoning(JsonNode reasoningContent, AnswerBuilder built) {
        JsonNode reasoningText = reasoningContent.get("reasoningText");
        if (reasoningText != null && reasoningText.isObject()) {
            built.thinking(reasoningText.path("text").asText(""), reasoningText.path("signature").asText(""));
        } else if (reasoningContent.path("redactedContent").isTextual()) {
            ObjectNode kept = Json.object();
            kept.put("type", "redacted_thinking");
            kept.put("data", reasoningContent.get("redactedContent").asText());
            built.redactedThinking(kept);
        }
    }
}
