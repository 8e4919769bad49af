package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.messages.AnswerBuilder;
import dev.tollgate.providers.messages.CacheAwareUsage;
import dev.tollgate.spi.provider.TranslationException;

/** A complete Anthropic message as a canonical {@code chat.completion}, built by an {@link AnswerBuilder}. */
final class ResponseTranslator {

    /** @param usage the upstream's usage, or null when it reported none */
    record Result(ObjectNode completion, CacheAwareUsage usage) {
    }

    private ResponseTranslator() {
    }

    /**
     * @param jsonToolName the JSON-mode tool (see {@link RequestTranslator}), whose call becomes the
     *                     message content, or null
     */
    static Result translate(JsonNode message, String jsonToolName, long created) throws TranslationException {
        if (message == null || !message.isObject()) {
            throw new TranslationException("the upstream answer is not a JSON object");
        }
        if ("error".equals(Json.text(message, "type"))) {
            AnthropicErrorBody error = AnthropicErrorBody.of(message);
            throw new TranslationException("the upstream answered with an error: "
                    + (error == null ? "unknown error" : error.describe()));
        }
        JsonNode content = message.get("content");
        if (content == null || !content.isArray()) {
            throw new TranslationException("the upstream answer has no content array");
        }
        AnswerBuilder answer = new AnswerBuilder(jsonToolName);
        for (JsonNode block : content) {
            switch (Json.text(block, "type") == null ? "" : Json.text(block, "type")) {
                case "text" -> answer.text(block.path("text").asText(""));
                case "thinking" -> answer.thinking(block.path("thinking").asText(""),
                        block.path("signature").asText(""));
                case "redacted_thinking" -> answer.redactedThinking(block.deepCopy());
                case "tool_use" -> answer.toolUse(block.path("id").asText(""), block.path("name").asText(""),
                        block.has("input") ? block.get("input") : Json.object());
                default -> {
                    // server tool blocks, citations-only blocks and future types carry nothing OpenAI can say
                }
            }
        }
        CacheAwareUsage usage = CacheAwareUsage.of(message.get("usage"), AnthropicUsage.FIELDS);
        String finishReason = FinishReasons.of(Json.text(message, "stop_reason"), answer.hasToolCalls());
        return new Result(answer.completion(message.path("id").asText(""), message.path("model").asText(""),
                created, finishReason, usage), usage);
    }
}
