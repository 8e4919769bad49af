package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.ToolCalls;
import dev.tollgate.spi.provider.TranslationException;

/** A complete Anthropic message as a canonical {@code chat.completion}. */
final class ResponseTranslator {

    /** Separates the text of consecutive thinking blocks in {@code reasoning_content} (streams do the same). */
    static final String THINKING_SEPARATOR = "\n\n";

    /** @param usage the upstream's usage, or null when it reported none */
    record Result(ObjectNode completion, AnthropicUsage usage) {
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
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        StringBuilder reasoning = null;
        ArrayNode thinkingBlocks = Json.array();
        ArrayNode toolCalls = Json.array();
        String json = null;
        for (JsonNode block : content) {
            switch (Json.text(block, "type") == null ? "" : Json.text(block, "type")) {
                case "text" -> {
                    sawText = true;
                    text.append(block.path("text").asText(""));
                }
                case "thinking" -> {
                    String thinking = block.path("thinking").asText("");
                    if (reasoning == null) {
                        reasoning = new StringBuilder(thinking);
                    } else if (!thinking.isEmpty()) {
                        reasoning.append(reasoning.isEmpty() ? "" : THINKING_SEPARATOR).append(thinking);
                    }
                    ObjectNode kept = thinkingBlocks.addObject();
                    kept.put("type", "thinking");
                    kept.put("thinking", thinking);
                    kept.put("signature", block.path("signature").asText(""));
                }
                case "redacted_thinking" -> thinkingBlocks.add(block.deepCopy());
                case "tool_use" -> {
                    String name = block.path("name").asText("");
                    JsonNode input = block.has("input") ? block.get("input") : Json.object();
                    if (name.equals(jsonToolName)) {
                        json = Json.compact(input);
                    } else {
                        toolCalls.add(ToolCalls.call(block.path("id").asText(""), name, Json.compact(input)));
                    }
                }
                default -> {
                    // server tool blocks, citations-only blocks and future types carry nothing OpenAI can say
                }
            }
        }

        ObjectNode out = Json.object();
        out.put("id", message.path("id").asText(""));
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", message.path("model").asText(""));
        ArrayNode choices = out.putArray("choices");
        ObjectNode choice = choices.addObject();
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
        choice.put("finish_reason", FinishReasons.of(Json.text(message, "stop_reason"), !toolCalls.isEmpty()));

        AnthropicUsage usage = AnthropicUsage.of(message.get("usage"));
        if (usage != null) {
            out.set("usage", usage.toOpenAi());
        }
        return new Result(out, usage);
    }
}
