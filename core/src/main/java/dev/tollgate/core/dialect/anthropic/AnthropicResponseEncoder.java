package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A canonical {@code chat.completion} as an Anthropic {@code message}: content blocks in the order
 * thinking, text, tool use; {@code finish_reason} as {@code stop_reason}; usage split into uncached input,
 * cache reads and cache writes.
 */
public final class AnthropicResponseEncoder {

    private AnthropicResponseEncoder() {
    }

    public static ObjectNode fromCanonical(ObjectNode canonical) {
        ObjectNode out = AnthropicJson.object();
        out.put("id", AnthropicJson.messageId(AnthropicJson.text(canonical, "id")));
        out.put("type", "message");
        out.put("role", "assistant");
        String model = AnthropicJson.text(canonical, "model");
        out.put("model", model == null ? "" : model);
        ArrayNode content = out.putArray("content");
        JsonNode choice = canonical.path("choices").path(0);
        JsonNode message = choice.path("message");
        thinkingBlocks(message, content);
        String text = text(message);
        if (!text.isEmpty()) {
            ObjectNode block = content.addObject();
            block.put("type", "text");
            block.put("text", text);
        }
        boolean toolUse = false;
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            ObjectNode block = content.addObject();
            block.put("type", "tool_use");
            String id = AnthropicJson.text(call, "id");
            block.put("id", AnthropicJson.isNonEmpty(id) ? id : AnthropicJson.toolUseId());
            String name = AnthropicJson.text(function, "name");
            block.put("name", name == null ? "" : name);
            block.set("input", AnthropicJson.parseArguments(AnthropicJson.text(function, "arguments")));
            toolUse = true;
        }
        out.put("stop_reason", stopReason(AnthropicJson.text(choice, "finish_reason"), toolUse));
        out.putNull("stop_sequence");
        out.set("usage", AnthropicUsage.fromCanonical(canonical.get("usage")));
        return out;
    }

    /**
     * Anthropic's stop reason for an OpenAI finish reason. Some upstreams end tool calls with {@code stop};
     * a turn that called tools still ends with {@code tool_use}.
     */
    static String stopReason(String finishReason, boolean calledTools) {
        if (finishReason == null) {
            return calledTools ? "tool_use" : "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> calledTools ? "tool_use" : "end_turn";
        };
    }

    private static void thinkingBlocks(JsonNode message, ArrayNode content) {
        JsonNode blocks = message.get("thinking_blocks");
        if (blocks != null && blocks.isArray() && !blocks.isEmpty()) {
            for (JsonNode tb : blocks) {
                if ("redacted_thinking".equals(AnthropicJson.text(tb, "type"))) {
                    ObjectNode block = content.addObject();
                    block.put("type", "redacted_thinking");
                    block.put("data", String.valueOf(AnthropicJson.text(tb, "data")));
                } else {
                    String thinking = AnthropicJson.text(tb, "thinking");
                    String signature = AnthropicJson.text(tb, "signature");
                    content.add(thinkingBlock(thinking == null ? "" : thinking, signature));
                }
            }
            return;
        }
        String reasoning = AnthropicJson.text(message, "reasoning_content");
        if (AnthropicJson.isNonEmpty(reasoning)) {
            content.add(thinkingBlock(reasoning, null));
        }
    }

    /** A thinking block; without a signature from upstream its signature is empty (the field is required). */
    private static ObjectNode thinkingBlock(String thinking, String signature) {
        ObjectNode block = AnthropicJson.object();
        block.put("type", "thinking");
        block.put("thinking", thinking);
        block.put("signature", signature == null ? "" : signature);
        return block;
    }

    /** The message's text: its content string, or its text parts joined; a refusal counts as text. */
    private static String text(JsonNode message) {
        JsonNode content = message.get("content");
        StringBuilder text = new StringBuilder();
        if (content != null && content.isTextual()) {
            text.append(content.textValue());
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                String t = AnthropicJson.text(part, "text");
                if (t != null) {
                    text.append(t);
                }
            }
        }
        String refusal = AnthropicJson.text(message, "refusal");
        if (text.isEmpty() && AnthropicJson.isNonEmpty(refusal)) {
            text.append(refusal);
        }
        return text.toString();
    }
}
