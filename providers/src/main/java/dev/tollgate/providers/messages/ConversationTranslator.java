package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.ToolCalls;
import dev.tollgate.providers.canonical.Turns;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI {@code messages} as a Messages-shaped {@code system} and {@code messages}, the blocks written by a
 * {@link BlockFormat}. System and developer messages become {@code system}; tool results become blocks of a
 * user message, first in it; assistant turns hold handed-back thinking first (upstreams check its
 * signatures), then text, then tool calls. Consecutive messages of one role are merged, since these upstreams
 * want user and assistant turns to alternate.
 */
public final class ConversationTranslator {

    /** @param system what {@link BlockFormat#system} made of the system blocks, or null */
    public record Conversation(JsonNode system, ArrayNode messages) {
    }

    private final BlockFormat format;

    private ConversationTranslator(BlockFormat format) {
        this.format = format;
    }

    public static Conversation translate(JsonNode messages, BlockFormat format) throws TranslationException {
        return new ConversationTranslator(format).run(messages);
    }

    private Conversation run(JsonNode messages) throws TranslationException {
        Turns.requireMessages(messages);
        List<ObjectNode> system = new ArrayList<>();
        Turns turns = new Turns();
        int i = 0;
        for (JsonNode message : messages) {
            String path = "messages[" + i++ + "]";
            String role = Turns.role(message, path);
            switch (role) {
                case "system", "developer" -> system.addAll(messageCache(message, systemBlocks(message, path)));
                case "user" -> append(turns, "user", messageCache(message, userBlocks(message.get("content"), path)));
                case "assistant" -> append(turns, "assistant", messageCache(message, assistantBlocks(message, path)));
                case "tool" -> append(turns, "user", messageCache(message, toolResult(message, path)));
                case "function" -> throw new TranslationException(path
                        + ".role 'function' is not supported; use tools and tool_calls");
                default -> throw new TranslationException(path + ".role '" + role + "' is not supported");
            }
        }
        ArrayNode out = Json.array();
        for (Turns.Turn turn : turns.result()) {
            List<ObjectNode> blocks = turn.items();
            if (turn.role().equals("user")) {
                // Tool results answer the previous turn's calls: they go before anything else the user adds.
                blocks = new ArrayList<>(blocks);
                blocks.sort((a, b) -> Boolean.compare(!format.isToolResult(a), !format.isToolResult(b)));
            }
            ObjectNode message = out.addObject();
            message.put("role", turn.role());
            message.set("content", format.content(blocks));
        }
        return new Conversation(format.system(system), out);
    }

    private void append(Turns turns, String role, List<ObjectNode> blocks) {
        if (format.worthATurn(blocks)) {
            turns.append(role, blocks);
        }
    }

    private List<ObjectNode> messageCache(JsonNode message, List<ObjectNode> blocks) {
        format.messageCache(message, blocks);
        return blocks;
    }

    private List<ObjectNode> systemBlocks(JsonNode message, String path) throws TranslationException {
        return blocks(message.get("content"), path, this::systemPart);
    }

    private ObjectNode systemPart(JsonNode part, String partPath) throws TranslationException {
        String text = Json.text(part, "text");
        String type = Json.text(part, "type");
        if (text == null || (type != null && !type.equals("text"))) {
            throw new TranslationException(partPath + " must be a text part; system prompts hold only text");
        }
        return format.carries(text) ? format.text(text) : null;
    }

    private List<ObjectNode> userBlocks(JsonNode content, String path) throws TranslationException {
        return blocks(content, path, format::userPart);
    }

    /** A part's block, or null for a part that carries nothing. */
    @FunctionalInterface
    private interface PartReader {
        ObjectNode read(JsonNode part, String partPath) throws TranslationException;
    }

    /** Content given as a string or as parts, each part read by {@code reader}. */
    private List<ObjectNode> blocks(JsonNode content, String path, PartReader reader) throws TranslationException {
        List<ObjectNode> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            if (format.carries(content.asText())) {
                blocks.add(format.text(content.asText()));
            }
            return blocks;
        }
        if (!content.isArray()) {
            throw new TranslationException(path + ".content must be a string or an array of parts");
        }
        int j = 0;
        for (JsonNode part : content) {
            ObjectNode block = reader.read(part, path + ".content[" + j++ + "]");
            if (block != null) {
                format.addPart(blocks, block, part);
            }
        }
        return blocks;
    }

    private List<ObjectNode> assistantBlocks(JsonNode message, String path) throws TranslationException {
        List<ObjectNode> blocks = new ArrayList<>(thinkingBlocks(message.get("thinking_blocks"), path));
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            if (format.carries(content.asText())) {
                blocks.add(format.text(content.asText()));
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
                if (format.carries(text)) {
                    format.addPart(blocks, format.text(text), part);
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
                blocks.add(format.toolUse(ToolCalls.read(call, path + ".tool_calls[" + k++ + "]")));
            }
        }
        return blocks;
    }

    /**
     * {@code thinking_blocks} handed back from an earlier answer. A thinking block without its signature (say,
     * from another provider) cannot be verified upstream and is left out; redacted blocks go back as they came.
     */
    private List<ObjectNode> thinkingBlocks(JsonNode thinking, String path) throws TranslationException {
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
                    blocks.add(format.thinking(text, signature));
                }
            } else if ("redacted_thinking".equals(type)) {
                String data = Json.text(block, "data");
                ObjectNode redacted = data == null ? null : format.redactedThinking(data);
                if (redacted != null) {
                    blocks.add(redacted);
                }
            }
        }
        return blocks;
    }

    private List<ObjectNode> toolResult(JsonNode message, String path) throws TranslationException {
        String id = Json.text(message, "tool_call_id");
        if (id == null || id.isEmpty()) {
            throw new TranslationException(path + ".tool_call_id is required");
        }
        String text = null;
        List<ObjectNode> parts = new ArrayList<>();
        boolean cache = false;
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            if (format.carries(content.asText())) {
                text = content.asText();
            }
        } else if (content != null && content.isArray()) {
            int j = 0;
            for (JsonNode part : content) {
                ObjectNode converted = format.userPart(part, path + ".content[" + j++ + "]");
                if (converted != null) {
                    parts.add(converted);
                    cache |= CacheControl.present(part);
                }
            }
        } else if (content != null && !content.isNull()) {
            throw new TranslationException(path + ".content must be a string or an array of parts");
        }
        return format.toolResult(id, text, parts, cache);
    }
}
