package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds canonical {@code chat.completion.chunk}s into the {@code chat.completion} they stand for, the way
 * OpenAI's SDKs accumulate a stream (choice 0): content, refusal and reasoning text concatenated, thinking
 * blocks collected, tool calls by index, the last finish reason and usage.
 */
final class CanonicalChunks {

    private CanonicalChunks() {
    }

    static ObjectNode completion(List<ObjectNode> chunks) {
        StringBuilder content = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode thinkingBlocks = ResponsesJson.NODES.arrayNode();
        Map<Integer, ObjectNode> calls = new TreeMap<>();
        ObjectNode out = ResponsesJson.object();
        String finish = null;
        JsonNode usage = null;
        for (ObjectNode chunk : chunks) {
            for (String field : List.of("id", "created", "model")) {
                if (!out.has(field) && chunk.hasNonNull(field)) {
                    out.set(field, chunk.get(field));
                }
            }
            if (chunk.hasNonNull("usage")) {
                usage = chunk.get("usage");
            }
            for (JsonNode choice : chunk.path("choices")) {
                if (choice.path("index").asInt(0) != 0) {
                    continue;
                }
                JsonNode delta = choice.path("delta");
                content.append(delta.path("content").asText(""));
                refusal.append(delta.path("refusal").asText(""));
                reasoning.append(delta.path("reasoning_content").asText(""));
                delta.path("thinking_blocks").forEach(thinkingBlocks::add);
                for (JsonNode call : delta.path("tool_calls")) {
                    ObjectNode acc = calls.computeIfAbsent(call.path("index").asInt(), i -> {
                        ObjectNode c = ResponsesJson.object();
                        c.put("type", "function");
                        c.putObject("function").put("name", "").put("arguments", "");
                        return c;
                    });
                    if (call.hasNonNull("id")) {
                        acc.put("id", call.get("id").asText());
                    }
                    ObjectNode function = (ObjectNode) acc.get("function");
                    function.put("name", function.get("name").asText() + call.path("function").path("name").asText(""));
                    function.put("arguments", function.get("arguments").asText() + call.path("function").path("arguments").asText(""));
                }
                if (choice.hasNonNull("finish_reason")) {
                    finish = choice.get("finish_reason").asText();
                }
            }
        }
        out.put("object", "chat.completion");
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content.toString());
        if (!refusal.isEmpty()) {
            message.put("refusal", refusal.toString());
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!thinkingBlocks.isEmpty()) {
            message.set("thinking_blocks", thinkingBlocks);
        }
        if (!calls.isEmpty()) {
            calls.values().forEach(message.putArray("tool_calls")::add);
        }
        choice.put("finish_reason", finish);
        if (usage != null) {
            out.set("usage", usage);
        }
        return out;
    }
}
