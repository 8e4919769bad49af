package dev.tollgate.core.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Set;

/**
 * What the semantic cache reads from a request. The <b>text</b> it embeds is the conversation's user and
 * system texts, in order, one per line: for each message whose role is {@code system}, {@code developer} or
 * {@code user}, its string content or the {@code text} of its text parts; Anthropic's top-level {@code system};
 * the Responses API's {@code instructions} and {@code input} (a string, or its user/system/developer items);
 * the Completions API's {@code prompt}. Assistant turns, tool results and images are not embedded. The
 * <b>partition</b> is everything else: the tenant scope, endpoint, model group and the normalised request without
 * those texts (so {@code temperature}, {@code max_tokens}, {@code tools}, {@code response_format},
 * {@code stream}... must be identical for two requests to share an answer). Stateless.
 */
public final class SemanticTexts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EMBEDDED_ROLES = Set.of("system", "developer", "user");
    /** The fields the text is read from, left out of the partition. */
    private static final Set<String> TEXT_FIELDS = Set.of("messages", "system", "instructions", "input", "prompt");

    private SemanticTexts() {
    }

    /** The request parsed, or null when it is not a JSON object. */
    public static ObjectNode parse(byte[] body, int offset, int length) {
        try {
            return JSON.readTree(body, offset, length) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the request offers the model tools or functions (such requests skip the semantic cache by default). */
    public static boolean hasTools(ObjectNode request) {
        return nonEmpty(request.get("tools")) || nonEmpty(request.get("functions"));
    }

    /** The text to embed (see the class comment); empty when the request has none. */
    public static String text(ObjectNode request) {
        StringBuilder out = new StringBuilder();
        appendContent(request.get("system"), out);
        appendContent(request.get("instructions"), out);
        appendContent(request.get("prompt"), out);
        appendMessages(request.get("messages"), out);
        JsonNode input = request.get("input");
        if (input != null && input.isTextual()) {
            appendContent(input, out);
        } else {
            appendMessages(input, out);
        }
        return out.toString().strip();
    }

    /** The key of the request's partition: SHA-256 over the scope, endpoint, group and the request minus its texts. */
    public static String partition(String scope, String endpoint, String group, ObjectNode request) {
        ObjectNode rest = request.deepCopy();
        rest.remove(TEXT_FIELDS);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(rest);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
        return CacheKeys.of(scope, "semantic|" + endpoint, group, bytes, 0, bytes.length).hex();
    }

    private static void appendMessages(JsonNode messages, StringBuilder out) {
        if (messages == null || !messages.isArray()) {
            return;
        }
        for (JsonNode message : messages) {
            String role = message.path("role").asText("user"); // a Responses input item without a role is the user's
            if (EMBEDDED_ROLES.contains(role) && message.path("type").asText("message").equals("message")) {
                appendContent(message.get("content"), out);
            }
        }
    }

    private static void appendContent(JsonNode content, StringBuilder out) {
        if (content == null) {
            return;
        }
        if (content.isTextual()) {
            out.append(content.asText()).append('\n');
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    out.append(part.asText()).append('\n');
                } else if (part.path("text").isTextual()) { // text, input_text parts
                    out.append(part.get("text").asText()).append('\n');
                }
            }
        }
    }

    private static boolean nonEmpty(JsonNode node) {
        return node != null && !node.isNull() && !(node.isArray() && node.isEmpty());
    }

}
