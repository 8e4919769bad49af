package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.ToolCalls;
import dev.tollgate.spi.provider.TranslationException;

/**
 * A complete Converse answer, {@code {"output":{"message":{"role","content":[…]}},"stopReason","usage",
 * "metrics"}}, as a canonical {@code chat.completion}. Converse answers carry neither an id nor the model,
 * so both come from the translation.
 */
final class ResponseTranslator {

    /** Separates the text of consecutive reasoning blocks in {@code reasoning_content} (streams do the same). */
    static final String THINKING_SEPARATOR = "\n\n";

    /** @param usage the upstream's usage, or null when it reported none */
    record Result(ObjectNode completion, BedrockUsage usage) {
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
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        StringBuilder reasoning = null;
        ArrayNode thinkingBlocks = Json.array();
        ArrayNode toolCalls = Json.array();
        String json = null;
        for (JsonNode block : content) {
            if (block.has("text")) {
                sawText = true;
                text.append(block.path("text").asText(""));
            } else if (block.has("reasoningContent")) {
                JsonNode reasoningContent = block.get("reasoningContent");
                JsonNode reasoningText = reasoningContent.get("reasoningText");
                if (reasoningText != null && reasoningText.isObject()) {
                    String thinking = reasoningText.path("text").asText("");
                    if (reasoning == null) {
                        reasoning = new StringBuilder(thinking);
                    } else if (!thinking.isEmpty()) {
                        reasoning.append(reasoning.isEmpty() ? "" : THINKING_SEPARATOR).append(thinking);
                    }
                    ObjectNode kept = thinkingBlocks.addObject();
                    kept.put("type", "thinking");
                    kept.put("thinking", thinking);
                    kept.put("signature", reasoningText.path("signature").asText(""));
                } else if (reasoningContent.path("redactedContent").isTextual()) {
                    ObjectNode kept = thinkingBlocks.addObject();
                    kept.put("type", "redacted_thinking");
                    kept.put("data", reasoningContent.get("redactedContent").asText());
                }
            } else if (block.has("toolUse")) {
                JsonNode toolUse = block.get("toolUse");
                String name = toolUse.path("name").asText("");
                JsonNode input = toolUse.has("input") && !toolUse.get("input").isNull() ? toolUse.get("input") : Json.object();
                if (name.equals(jsonToolName)) {
                    json = Json.compact(input);
                } else {
                    toolCalls.add(ToolCalls.call(toolUse.path("toolUseId").asText(""), name, Json.compact(input)));
                }
            }
            // citationsContent, guardContent and blocks added later carry nothing OpenAI can say
        }

        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        if (json != null) {
            msg.put("content", json); // JSON mode: the forced tool's input is the answer (any text beside it is not)
        } else if (sawText || toolCalls.isEmpty()) {
            msg.put("content", text.toString());
        } else {
            msg.putNull("content");
        }
        if (reasoning != null) {
            msg.put("reasoning_content", reasoning.toString());
        }
        if (!thinkingBlocks.isEmpty()) {
            msg.set("thinking_blocks", thinkingBlocks);
        }
        if (!toolCalls.isEmpty()) {
            msg.set("tool_calls", toolCalls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", FinishReasons.of(Json.text(answer, "stopReason"), !toolCalls.isEmpty()));

        BedrockUsage usage = BedrockUsage.of(answer.get("usage"));
        if (usage != null) {
            out.set("usage", usage.toOpenAi());
        }
        return new Result(out, usage);
    }
}
