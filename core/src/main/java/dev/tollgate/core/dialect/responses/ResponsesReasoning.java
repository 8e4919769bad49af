package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reasoning items and the canonical form's thinking. The text of the model's thinking
 * ({@code reasoning_content}) is the reasoning item's summary. Provider thinking blocks
 * ({@code thinking_blocks}, whose signatures a later turn must hand back, e.g. to Anthropic) travel in the
 * item's {@code encrypted_content}, the field the Responses API has for opaque reasoning state that
 * stateless clients ({@code store: false}, Codex) send back: {@value #PREFIX} and the blocks' JSON in
 * base64url. The gateway keeps nothing, so that is the only way the blocks can come back.
 */
final class ResponsesReasoning {

    /** Marks {@code encrypted_content} written by this gateway (not, say, OpenAI's own). */
    static final String PREFIX = "tollgate.thinking_blocks.v1.";

    /** What separates the texts of several thinking blocks or summary parts when joined. */
    static final String SEPARATOR = "\n\n";

    private ResponsesReasoning() {
    }

    /** The {@code encrypted_content} carrying canonical thinking blocks, or null when there are none. */
    static String encode(JsonNode thinkingBlocks) {
        if (thinkingBlocks == null || !thinkingBlocks.isArray() || thinkingBlocks.isEmpty()) {
            return null;
        }
        byte[] json = ResponsesJson.write(thinkingBlocks).getBytes(StandardCharsets.UTF_8);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    /**
     * The canonical thinking blocks an {@code encrypted_content} carries; null when it is not this
     * gateway's (another party's opaque state, which no upstream behind the canonical form could read).
     *
     * @throws IllegalArgumentException when it is this gateway's but damaged
     */
    static ArrayNode decode(String encryptedContent) {
        if (encryptedContent == null || !encryptedContent.startsWith(PREFIX)) {
            return null;
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(encryptedContent.substring(PREFIX.length()));
            JsonNode blocks = ResponsesJson.MAPPER.readTree(json);
            if (blocks instanceof ArrayNode array) {
                for (JsonNode block : array) {
                    if (!block.isObject()) {
                        throw new IllegalArgumentException("not a thinking block");
                    }
                }
                return array;
            }
        } catch (IOException | IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("damaged thinking blocks");
    }

    /** The text of thinking blocks, for a reasoning item that has no other text. */
    static String text(JsonNode thinkingBlocks) {
        StringBuilder text = new StringBuilder();
        if (thinkingBlocks != null) {
            for (JsonNode block : thinkingBlocks) {
                String thinking = ResponsesJson.text(block, "thinking");
                if (ResponsesJson.isNonEmpty(thinking)) {
                    if (!text.isEmpty()) {
                        text.append(SEPARATOR);
                    }
                    text.append(thinking);
                }
            }
        }
        return text.toString();
    }

    /**
     * An output reasoning item: its summary is the thinking's text (one part, none when there is no text),
     * its {@code encrypted_content} the thinking blocks when there are any.
     */
    static ObjectNode item(String id, String summaryText, JsonNode thinkingBlocks) {
        ObjectNode item = ResponsesJson.object();
        item.put("id", id);
        item.put("type", "reasoning");
        ArrayNode summary = item.putArray("summary");
        if (ResponsesJson.isNonEmpty(summaryText)) {
            summary.add(summaryPart(summaryText));
        }
        String encrypted = encode(thinkingBlocks);
        if (encrypted != null) {
            item.put("encrypted_content", encrypted);
        }
        return item;
    }

    static ObjectNode summaryPart(String text) {
        ObjectNode part = ResponsesJson.object();
        part.put("type", "summary_text");
        part.put("text", text);
        return part;
    }
}
