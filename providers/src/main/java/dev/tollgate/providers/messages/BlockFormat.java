package dev.tollgate.providers.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.ToolCalls;
import dev.tollgate.spi.provider.TranslationException;

import java.util.List;

/**
 * How one Messages-shaped wire format writes the blocks of a turn. {@link ConversationTranslator} walks the
 * canonical messages the same way for every such format and asks this for each block, so the field names,
 * the cache markers and what counts as empty stay with the format. One instance per request: a format may
 * count what it wrote (documents to name, tool blocks that need a declared tool).
 */
public interface BlockFormat {

    /** Whether a text is worth a block; the other texts are left out, since upstreams refuse empty blocks. */
    boolean carries(String text);

    ObjectNode text(String text);

    /** One part of a user or tool message as a block, or null for a part that carries nothing. */
    ObjectNode userPart(JsonNode part, String path) throws TranslationException;

    /** Adds {@code block}, made from {@code part}, to {@code blocks} with the part's {@code cache_control}. */
    void addPart(List<ObjectNode> blocks, ObjectNode block, JsonNode part);

    /** Applies a message-level {@code cache_control} (a common extension) to the message's blocks. */
    void messageCache(JsonNode message, List<ObjectNode> blocks);

    /** A handed-back thinking block whose text and signature are known to be there. */
    ObjectNode thinking(String text, String signature);

    /** A handed-back redacted thinking block, or null when the format would refuse {@code data}. */
    ObjectNode redactedThinking(String data);

    ObjectNode toolUse(ToolCalls.Call call);

    /**
     * A tool message's blocks.
     *
     * @param text  its content when that is a string worth a block, else null
     * @param parts its converted parts when its content is an array
     * @param cache whether one of those parts carries {@code cache_control}
     */
    List<ObjectNode> toolResult(String id, String text, List<ObjectNode> parts, boolean cache);

    boolean isToolResult(ObjectNode block);

    /** Whether a message's blocks are worth a turn; an empty list never is. */
    boolean worthATurn(List<ObjectNode> blocks);

    /** A turn's {@code content}. */
    JsonNode content(List<ObjectNode> blocks);

    /** The top-level {@code system}, or null for none. */
    JsonNode system(List<ObjectNode> blocks);
}
