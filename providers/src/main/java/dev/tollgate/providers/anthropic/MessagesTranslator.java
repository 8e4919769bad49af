package dev.tollgate.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.ToolCalls;
import dev.tollgate.providers.messages.BlockFormat;
import dev.tollgate.providers.messages.ConversationTranslator;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * OpenAI {@code messages} as Anthropic {@code system} and {@code messages}; the walk is
 * {@link ConversationTranslator}'s. Anthropic blocks are tagged by {@code type} and carry their own
 * {@code cache_control}; only empty text is refused, so blank text goes through.
 */
final class MessagesTranslator implements BlockFormat {

    private MessagesTranslator() {
    }

    static ConversationTranslator.Conversation translate(JsonNode messages) throws TranslationException {
        return ConversationTranslator.translate(messages, new MessagesTranslator());
    }

    @Override
    public boolean carries(String text) {
        return !text.isEmpty();
    }

    @Override
    public ObjectNode text(String text) {
        return ContentParts.text(text);
    }

    @Override
    public ObjectNode userPart(JsonNode part, String path) throws TranslationException {
        return ContentParts.userPart(part, path);
    }

    @Override
    public void addPart(List<ObjectNode> blocks, ObjectNode block, JsonNode part) {
        ContentParts.cacheControl(part, block);
        blocks.add(block);
    }

    /** Marks the message's last block, unless it is thinking, which Anthropic does not let carry a marker. */
    @Override
    public void messageCache(JsonNode message, List<ObjectNode> blocks) {
        JsonNode cache = message.get("cache_control");
        if (cache != null && cache.isObject() && !blocks.isEmpty()) {
            ObjectNode last = blocks.getLast();
            String type = Json.text(last, "type");
            if (!last.has("cache_control") && !"thinking".equals(type) && !"redacted_thinking".equals(type)) {
                last.set("cache_control", cache.deepCopy());
            }
        }
    }

    @Override
    public ObjectNode thinking(String text, String signature) {
        ObjectNode out = Json.object();
        out.put("type", "thinking");
        out.put("thinking", text);
        out.put("signature", signature);
        return out;
    }

    @Override
    public ObjectNode redactedThinking(String data) {
        ObjectNode out = Json.object();
        out.put("type", "redacted_thinking");
        out.put("data", data);
        return out;
    }

    @Override
    public ObjectNode toolUse(ToolCalls.Call call) {
        ObjectNode block = Json.object();
        block.put("type", "tool_use");
        block.put("id", call.id());
        block.put("name", call.name());
        block.set("input", call.input());
        return block;
    }

    /** A result without content leaves {@code content} out: Anthropic takes that for an empty result. */
    @Override
    public List<ObjectNode> toolResult(String id, String text, List<ObjectNode> parts, boolean cache) {
        ObjectNode block = Json.object();
        block.put("type", "tool_result");
        block.put("tool_use_id", id);
        if (text != null) {
            block.put("content", text);
        } else if (!parts.isEmpty()) {
            ArrayNode content = block.putArray("content");
            parts.forEach(content::add);
        }
        return new ArrayList<>(List.of(block));
    }

    @Override
    public boolean isToolResult(ObjectNode block) {
        return "tool_result".equals(Json.text(block, "type"));
    }

    @Override
    public boolean worthATurn(List<ObjectNode> blocks) {
        return !blocks.isEmpty();
    }

    /** A lone plain text block is sent as a string, anything else as blocks. */
    @Override
    public JsonNode content(List<ObjectNode> blocks) {
        if (blocks.size() == 1 && "text".equals(Json.text(blocks.getFirst(), "type")) && blocks.getFirst().size() == 2) {
            return TextNode.valueOf(blocks.getFirst().get("text").asText());
        }
        ArrayNode array = Json.array();
        blocks.forEach(array::add);
        return array;
    }

    /** A string, or text blocks when one has {@code cache_control}. */
    @Override
    public JsonNode system(List<ObjectNode> blocks) {
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
}
