package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.ToolCalls;
import dev.tollgate.providers.messages.BlockFormat;
import dev.tollgate.providers.messages.CacheControl;
import dev.tollgate.providers.messages.ConversationTranslator;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI {@code messages} as Converse {@code system} and {@code messages}; the walk is
 * {@link ConversationTranslator}'s. Converse blocks are keyed by shape ({@code toolUse}, {@code toolResult},
 * {@code reasoningContent}); {@code cache_control} on a part, or on a whole message, becomes a
 * {@code cachePoint} block after it; blank text is refused, so it is left out. One instance per request: it
 * notes whether the conversation holds tool blocks, which then need a declared tool.
 */
final class MessagesTranslator implements BlockFormat {

    /** Stands in for an empty tool result: Converse refuses empty text blocks. */
    static final String EMPTY_TOOL_RESULT = "(empty)";

    /**
     * @param system         the system blocks, or null when there are none
     * @param usesToolBlocks whether any message holds a {@code toolUse} or {@code toolResult} block (Converse
     *                       then requires a {@code toolConfig})
     */
    record Messages(ArrayNode system, ArrayNode messages, boolean usesToolBlocks) {
    }

    private final ContentBlocks parts = new ContentBlocks();
    private boolean usesToolBlocks;

    private MessagesTranslator() {
    }

    static Messages translate(JsonNode messages) throws TranslationException {
        MessagesTranslator format = new MessagesTranslator();
        ConversationTranslator.Conversation conversation = ConversationTranslator.translate(messages, format);
        return new Messages((ArrayNode) conversation.system(), conversation.messages(), format.usesToolBlocks);
    }

    @Override
    public boolean carries(String text) {
        return !text.isBlank();
    }

    @Override
    public ObjectNode text(String text) {
        return ContentBlocks.text(text);
    }

    @Override
    public ObjectNode userPart(JsonNode part, String path) throws TranslationException {
        return parts.userPart(part, path);
    }

    @Override
    public void addPart(List<ObjectNode> blocks, ObjectNode block, JsonNode part) {
        blocks.add(block);
        if (CacheControl.present(part)) {
            blocks.add(ContentBlocks.cachePoint());
        }
    }

    @Override
    public void messageCache(JsonNode message, List<ObjectNode> blocks) {
        if (CacheControl.present(message) && !blocks.isEmpty() && !blocks.getLast().has("cachePoint")) {
            blocks.add(ContentBlocks.cachePoint());
        }
    }

    @Override
    public ObjectNode thinking(String text, String signature) {
        ObjectNode out = Json.object();
        ObjectNode reasoningText = out.putObject("reasoningContent").putObject("reasoningText");
        reasoningText.put("text", text);
        reasoningText.put("signature", signature);
        return out;
    }

    /** Empty redacted content is refused by Converse, so such a block is left out. */
    @Override
    public ObjectNode redactedThinking(String data) {
        if (data.isEmpty()) {
            return null;
        }
        ObjectNode out = Json.object();
        out.putObject("reasoningContent").put("redactedContent", data);
        return out;
    }

    @Override
    public ObjectNode toolUse(ToolCalls.Call call) {
        usesToolBlocks = true;
        ObjectNode block = Json.object();
        ObjectNode toolUse = block.putObject("toolUse");
        toolUse.put("toolUseId", call.id());
        toolUse.put("name", call.name());
        toolUse.set("input", call.input());
        return block;
    }

    /** One {@code toolResult} block, then a cache point when its parts ask for one. */
    @Override
    public List<ObjectNode> toolResult(String id, String text, List<ObjectNode> parts, boolean cache) {
        ArrayNode content = Json.array();
        if (text != null) {
            content.add(ContentBlocks.text(text));
        }
        parts.forEach(content::add);
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

    @Override
    public boolean isToolResult(ObjectNode block) {
        return block.has("toolResult");
    }

    /** A message of nothing but cache points carries nothing either, and Converse refuses empty content. */
    @Override
    public boolean worthATurn(List<ObjectNode> blocks) {
        return !blocks.isEmpty() && !blocks.stream().allMatch(b -> b.has("cachePoint"));
    }

    @Override
    public JsonNode content(List<ObjectNode> blocks) {
        ArrayNode content = Json.array();
        blocks.forEach(content::add);
        return content;
    }

    @Override
    public JsonNode system(List<ObjectNode> blocks) {
        return blocks.isEmpty() ? null : content(blocks);
    }
}
