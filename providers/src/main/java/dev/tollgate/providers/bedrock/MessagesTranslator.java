package dev.tollgate.providers.bedrock;

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
 * OpenAI {@code messages} as Converse {@code system} and {@code messages}. System and developer messages
 * become {@code system} text blocks; tool results become {@code toolResult} blocks of a user message (first
 * in it); assistant tool calls {@code toolUse} blocks and handed-back {@code thinking_blocks}
 * {@code reasoningContent} blocks (first in the turn). Converse wants user and assistant turns to alternate,
 * so consecutive messages of one role are merged. {@code cache_control} on a part, or on a whole message,
 * becomes a {@code cachePoint} block after it.
 */
final class MessagesTranslator {

    /** Stands in for an empty tool result: Converse refuses empty text blocks. */
    static final String EMPTY_TOOL_RESULT = "(empty)";

    /**
     * @param system       the system blocks, or null when there are none
     * @param usesToolBlocks whether any message holds a {@code toolUse} or {@code toolResult} block (Converse
     *                     then requires a {@code toolConfig})
     */
    record Messages(ArrayNode system, ArrayNode messages, boolean usesToolBlocks) {
    }

    private final ContentBlocks parts = new ContentBlocks();
    private boolean usesToolBlocks;

    private MessagesTranslator() {
    }

    static Messages translate(JsonNode messages) throws TranslationException {
        return new MessagesTranslator().run(messages);
    }

    private Messages run(JsonNode messages) throws TranslationException {
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
                blocks.sort((a, b) -> Boolean.compare(!a.has("toolResult"), !b.has("toolResult")));
            }
            ObjectNode message = out.addObject();
            message.put("role", turn.role());
            ArrayNode content = message.putArray("content");
            blocks.forEach(content::add);
        }
        ArrayNode systemOut = null;
        if (!system.isEmpty()) {
            systemOut = Json.array();
            system.forEach(systemOut::add);
        }
        return new Messages(systemOut, out, usesToolBlocks);
    }

    /** A message of nothing but cache points carries nothing either. */
    private static void append(Turns turns, String role, List<ObjectNode> blocks) {
        if (blocks.isEmpty() || blocks.stream().allMatch(b -> b.has("cachePoint"))) {
            return; // an empty message carries nothing, and Converse refuses empty content
        }
        turns.append(role, blocks);
    }

    /** A message-level {@code cache_control} (a common extension) puts a cache point after the message. */
    private static List<ObjectNode> messageCache(JsonNode message, List<ObjectNode> blocks) {
        if (ContentBlocks.hasCacheControl(message) && !blocks.isEmpty() && !blocks.getLast().has("cachePoint")) {
            blocks.add(ContentBlocks.cachePoint());
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
            if (!content.asText().isBlank()) {
                blocks.add(ContentBlocks.text(content.asText()));
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
            if (!text.isBlank()) {
                blocks.add(ContentBlocks.text(text));
                if (ContentBlocks.hasCacheControl(part)) {
                    blocks.add(ContentBlocks.cachePoint());
                }
            }
        }
        return blocks;
    }

    private List<ObjectNode> userBlocks(JsonNode content, String path) throws TranslationException {
        List<ObjectNode> blocks = new ArrayList<>();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            if (!content.asText().isBlank()) {
                blocks.add(ContentBlocks.text(content.asText()));
            }
            return blocks;
        }
        if (!content.isArray()) {
            throw new TranslationException(path + ".content must be a string or an array of parts");
        }
        int j = 0;
        for (JsonNode part : content) {
            ObjectNode block = parts.userPart(part, path + ".content[" + j++ + "]");
            if (block != null) {
                blocks.add(block);
                if (ContentBlocks.hasCacheControl(part)) {
                    blocks.add(ContentBlocks.cachePoint());
                }
            }
        }
        return blocks;
    }

    /** Reasoning blocks first (Bedrock checks their signatures), then text, then tool calls. */
    private List<ObjectNode> assistantBlocks(JsonNode message, String path) throws TranslationException {
        List<ObjectNode> blocks = new ArrayList<>(reasoningBlocks(message.get("thinking_blocks"), path));
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            if (!content.asText().isBlank()) {
                blocks.add(ContentBlocks.text(content.asText()));
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
                if (!text.isBlank()) {
                    blocks.add(ContentBlocks.text(text));
                    if (ContentBlocks.hasCacheControl(part)) {
                        blocks.add(ContentBlocks.cachePoint());
                    }
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
     * {@code thinking_blocks} handed back from an earlier answer. A thinking block without its signature (say,
     * from another provider) cannot be verified and is left out; redacted blocks go back as they came.
     */
    private static List<ObjectNode> reasoningBlocks(JsonNode thinking, String path) throws TranslationException {
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
                    ObjectNode reasoningText = out.putObject("reasoningContent").putObject("reasoningText");
                    reasoningText.put("text", text);
                    reasoningText.put("signature", signature);
                    blocks.add(out);
                }
            } else if ("redacted_thinking".equals(type)) {
                String data = Json.text(block, "data");
                if (data != null && !data.isEmpty()) {
                    ObjectNode out = Json.object();
                    out.putObject("reasoningContent").put("redactedContent", data);
                    blocks.add(out);
                }
            }
        }
        return blocks;
    }

    private ObjectNode toolUse(JsonNode call, String path) throws TranslationException {
        ToolCalls.Call read = ToolCalls.read(call, path);
        usesToolBlocks = true;
        ObjectNode block = Json.object();
        ObjectNode toolUse = block.putObject("toolUse");
        toolUse.put("toolUseId", read.id());
        toolUse.put("name", read.name());
        toolUse.set("input", read.input());
        return block;
    }

    /** A tool message as one {@code toolResult} block (plus a cache point when its parts ask for one). */
    private List<ObjectNode> toolResult(JsonNode message, String path) throws TranslationException {
        String id = Json.text(message, "tool_call_id");
        if (id == null || id.isEmpty()) {
            throw new TranslationException(path + ".tool_call_id is required");
        }
        ArrayNode content = Json.array();
        boolean cache = false;
        JsonNode given = message.get("content");
        if (given != null && given.isTextual()) {
            if (!given.asText().isBlank()) {
                content.add(ContentBlocks.text(given.asText()));
            }
        } else if (given != null && given.isArray()) {
            int j = 0;
            for (JsonNode part : given) {
                ObjectNode converted = parts.userPart(part, path + ".content[" + j++ + "]");
                if (converted != null) {
                    content.add(converted);
                    cache |= ContentBlocks.hasCacheControl(part);
                }
            }
        } else if (given != null && !given.isNull()) {
            throw new TranslationException(path + ".content must be a string or an array of parts");
        }
        if (content.isEmpty()) {
            content.add(ContentBlocks.text(EMPTY_TOOL_RESULT));
        }
        usesToolBlocks = true;
        ObjectNode block = Json.object();
        ObjectNode result = block.putObject("toolResult");
        result.put("toolUseId", id);
        result.set("content", content);
        List<ObjectNode> blocks = new ArrayList<>(List.of(block));
        if (cache) {
            blocks.add(ContentBlocks.cachePoint());
        }
        return blocks;
    }
}
