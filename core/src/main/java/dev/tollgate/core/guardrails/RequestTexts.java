package dev.tollgate.core.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The texts of a request, found in one walk of its JSON in any of the client dialects: string values of
 * {@code content}, {@code text}, {@code input}, {@code prompt}, {@code instructions} and {@code system} (and
 * strings in lists under those names), wherever they are nested (messages, content parts, Responses input
 * items). Tool definitions, response formats and metadata are not the prompt and are skipped. Each text keeps
 * its place, so a mutation writes back where it was read. Per request.
 */
public final class RequestTexts {

    private static final Set<String> TEXT_FIELDS = Set.of("content", "text", "input", "prompt", "instructions", "system");
    private static final Set<String> SKIPPED = Set.of("tools", "functions", "response_format", "tool_choice", "metadata",
            "reasoning", "model", "stream_options");

    private record Slot(JsonNode parent, String field, int index) {
        String get() {
            return field != null ? parent.get(field).asText() : parent.get(index).asText();
        }

        void set(String value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, TextNode.valueOf(value));
            } else {
                ((ArrayNode) parent).set(index, TextNode.valueOf(value));
            }
        }
    }

    private final List<Slot> slots = new ArrayList<>();

    public static RequestTexts of(ObjectNode request) {
        RequestTexts texts = new RequestTexts();
        texts.walk(request);
        return texts;
    }

    public List<String> values() {
        List<String> out = new ArrayList<>(slots.size());
        slots.forEach(s -> out.add(s.get()));
        return out;
    }

    /** Writes replacement texts back (same number and order as {@link #values}). */
    public void replace(List<String> values) {
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).set(values.get(i));
        }
    }

    /** The output cap the request asks for, in any dialect's name for it, or -1. */
    public static long maxTokens(ObjectNode request) {
        for (String field : new String[]{"max_tokens", "max_completion_tokens", "max_output_tokens"}) {
            JsonNode v = request.get(field);
            if (v != null && v.isNumber()) {
                return v.asLong();
            }
        }
        return -1;
    }

    private void walk(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                String name = e.getKey();
                JsonNode value = e.getValue();
                if (SKIPPED.contains(name)) {
                    continue;
                }
                if (TEXT_FIELDS.contains(name) && value.isTextual()) {
                    slots.add(new Slot(object, name, -1));
                } else if (TEXT_FIELDS.contains(name) && value instanceof ArrayNode array) {
                    for (int i = 0; i < array.size(); i++) {
                        if (array.get(i).isTextual()) {
                            slots.add(new Slot(array, null, i));
                        } else {
                            walk(array.get(i));
                        }
                    }
                } else {
                    walk(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode item : array) {
                walk(item);
            }
        }
    }
}
