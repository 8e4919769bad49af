package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.ToolCalls;
import dev.tollgate.providers.canonical.Turns;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * OpenAI {@code messages} as Anthropic {@code system} and {@code messages}. System and developer messages
 * become the top-level {@code system}; tool results become {@code tool_result} blocks of a user message;
 * consecutive messages of one role are merged, since Anthropic wants user and assistant turns to alternate.
 */
final class MessagesTranslator {

    /** @param system a string, an array of text blocks (when one has {@code cache_control}), or null */
    record Messages(JsonNode system, ArrayNode messages) {
    }

    private MessagesTranslator() {
    }

    static Messages translate(JsonNode messages) throws TranslationException {
        Turns.requireMessages(messages);
        List<ObjectNode> system = new ArrayList<>();
        Turns turns = new Turns();
        int i = 0;
        for (JsonNode message : messages) {
            String path = "messages[" + i++ + "]";
            String role = Turns.role(message, path);
            switch (role) {
                case "system", "developer" -> system.addAll(messageCache(message, systemBlocks(message, path)));
                case "user" -> turns.append("user", messageCache(message, userBlocks(message.get("content"), path)));
                case "assistant" -> turns.append("assistant", messageCache(message, assistantBlocks(message, path)));
                case "tool" -> turns.append("user", messageCache(message, List.of(toolResult(message, path))));
                case "function" -> throw new TranslationException(path
                        + ".role 'function' is not supported; use tools and tool_calls");
                default -> throw new TranslationException(path + ".role '" + role + "' is not supported");
            }
        }
        ArrayNode out = Json.array();
        for (Turns.Turn turn : turns.result()) {
            List<ObjectNode> blocks = turn.items();
            if (turn.role().equals("user")) {
                // Anthropic wants a user turn's tool results before anything else in it.
                blocks = new ArrayList<>(blocks);
                blocks.sort((a, b) -> Boolean.compare(!isToolResult(a), !isToolResult(b)));
            }
            ObjectNode message = out.addObject();
            message.put("role", turn.role());
            message.set("content", content(blocks));
        }
        return new Messages(system(system), out);
    }

    /** A lone plain text block is sent as a string, anything else as blocks. */
    private static JsonNode content(List<ObjectNode> blocks) {
        if (blocks.size() == 1 && "text".equals(Json.text(blocks.getFirst(), "type")) && blocks.getFirst().size() == 2) {
            return TextNode.valueOf(blocks.getFirst().get("text").asText());
        }
        ArrayNode array = Json.array();
        blocks.forEach(array::add);
        return array;
    }

    private static JsonNode system(List<ObjectNode> blocks) {
        if (blocks.isEmpty()) {
            return null;
        }
        if (blocks.stream().anyMatch(b -> b.has("cache_control"))) {
            ArrayNode array = Json.array();
            blocks.forEach(array::add);
            return array;
        }
        return TextNode.valueOf(blocks.stream().map(b -> b.get("text").asText()).collect(Collectors.joining("\n\n")));
    }

    private static boolean isToolResult(ObjectNode block) {
        return "tool_result".equals(Json.text(block, "type"));
    }

    /** A message-level {@code cache_control} (a common extension) marks the message's last block. */
    private static List<ObjectNode> messageCache(JsonNode message, List<ObjectNode> blocks) {
        JsonNode cache = message.get("cache_control");
        if (cache != null && cache.isObject() && !blocks.isEmpty()) {
            ObjectNode last = blocks.getLast();
            String type = Json.text(last, "type");
            if (!last.has("cache_control") && !"thinking".equals(type) && !"redacted_thinking".equals(type)) {
                last.set("cache_control", cache.deepCopy());
            }
        }
        return blocks;
    }

    private static List<ObjectNode> systemBlocks(JsonNode message, String path) throws TranslationException {
        JsonNode content = message.get("content");
        List<ObjectNode> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                blocks.add(ContentParts.text(content.asText()));
            }
            return blocks;
        }
        if (!content.isArray()) {
            throw new TranslationException(path + ".content must be a string or an array of parts");
        }
        int j = 0;
        for (JsonNode part : content) {
            String partPath = path + ".content[" + j++ + "]";
            String text = Json.text(part, "text");
            String type = Json.text(part, "type");
            if (text == null || (type != null && !type.equals("text"))) {
                throw new TranslationException(partPath + " must be a text part; system prompts hold only text");
            }
            if (!text.isEmpty()) {
                ObjectNode block = ContentParts.text(text);
                ContentParts.cacheControl(part, block);
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static List<ObjectNode> userBlocks(JsonNode content, String path) throws TranslationException {
        List<ObjectNode> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                blocks.add(ContentParts.text(content.asText()));
            }
            return blocks;
        }
        if (!content.isArray()) {
            throw new TranslationException(path + ".content must be a string or an array of parts");
        }
        int j = 0;
        for (JsonNode part : content) {
            ObjectNode block = ContentParts.userPart(part, path + ".content[" + j++ + "]");
            if (block != null) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    /** Thinking blocks first (Anthropic checks their signatures), then text, then tool calls. */
    private static List<ObjectNode> assistantBlocks(JsonNode message, String path) throws TranslationException {
        List<ObjectNode> blocks = new ArrayList<>(thinkingBlocks(message.get("thinking_blocks"), path));
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            if (!content.asText().isEmpty()) {
                blocks.add(ContentParts.text(content.asText()));
            }
        } else if (content != null && content.isArray()) {
            int j = 0;
            for (JsonNode part : content) {
                String partPath = path + ".content[" + j++ + "]";
                String type = Json.text(part, "type");
                String text = "refusal".equals(type) ? Json.text(part, "refusal") : Json.text(part, "text");
                if (text == null || (type != null && !type.equals("text") && !type.equals("refusal"))) {
                    throw new TranslationException(partPath + " must be a text or refusal part");
                }
                if (!text.isEmpty()) {
                    ObjectNode block = ContentParts.text(text);
                    ContentParts.cacheControl(part, block);
                    blocks.add(block);
                }
            }
        } else if (content != null && !content.isNull()) {
            throw new TranslationException(path + ".content must be a string, an array of parts or null");
        }
        if (!Json.absent(message, "function_call")) {
            throw new TranslationException(path + ".function_call is not supported; use tool_calls");
        }
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && !toolCalls.isNull()) {
            if (!toolCalls.isArray()) {
                throw new TranslationException(path + ".tool_calls must be an array");
            }
            int k = 0;
            for (JsonNode call : toolCalls) {
                blocks.add(toolUse(call, path + ".tool_calls[" + k++ + "]"));
            }
        }
        return blocks;
    }

    /**
     * {@code thinking_blocks} handed back from an earlier answer. A thinking block without its signature
     * (say, from another provider) cannot be verified by Anthropic and is left out; redacted blocks go as
     * they came.
     */
    private static List<ObjectNode> thinkingBlocks(JsonNode thinking, String path) throws TranslationException {
        List<ObjectNode> blocks = new ArrayList<>();
        if (thinking == null || thinking.isNull()) {
            return blocks;
        }
        if (!thinking.isArray()) {
            throw new TranslationException(path + ".thinking_blocks must be an array");
        }
        for (JsonNode block : thinking) {
            String type = Json.text(block, "type");
            if ("thinking".equals(type)) {
                String text = Json.text(block, "thinking");
                String signature = Json.text(block, "signature");
                if (text != null && signature != null && !signature.isEmpty()) {
                    ObjectNode out = Json.object();
                    out.put("type", "thinking");
                    out.put("thinking", text);
                    out.put("signature", signature);
                    blocks.add(out);
                }
            } else if ("redacted_thinking".equals(type)) {
                String data = Json.text(block, "data");
                if (data != null) {
                    ObjectNode out = Json.object();
                    out.put("type", "redacted_thinking");
                    out.put("data", data);
                    blocks.add(out);
                }
            }
        }
        return blocks;
    }

    private static ObjectNode toolUse(JsonNode call, String path) throws TranslationException {
        ToolCalls.Call read = ToolCalls.read(call, path);
        ObjectNode block = Json.object();
        block.put("type", "tool_use");
        block.put("id", read.id());
        block.put("name", read.name());
        block.set("input", read.input());
        return block;
    }

    private static ObjectNode toolResult(JsonNode message, String path) throws TranslationException {
        String id = Json.text(message, "tool_call_id");
        if (id == null || id.isEmpty()) {
            throw new TranslationException(path + ".tool_call_id is required");
        }
        ObjectNode block = Json.object();
        block.put("type", "tool_result");
        block.put("tool_use_id", id);
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            if (!content.asText().isEmpty()) {
                block.put("content", content.asText());
            }
        } else if (content != null && content.isArray()) {
            ArrayNode parts = Json.array();
            int j = 0;
            for (JsonNode part : content) {
                ObjectNode converted = ContentParts.userPart(part, path + ".content[" + j++ + "]");
                if (converted != null) {
                    parts.add(converted);
                }
            }
            if (!parts.isEmpty()) {
                block.set("content", parts);
            }
        } else if (content != null && !content.isNull()) {
            throw new TranslationException(path + ".content must be a string or an array of parts");
        }
        return block;
    }
}
