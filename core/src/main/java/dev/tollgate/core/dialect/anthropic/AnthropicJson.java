package dev.tollgate.core.dialect.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.UUID;

/** JSON plumbing shared by the Anthropic dialect's classes. */
final class AnthropicJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnthropicJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object a tool call's {@code arguments} string stands for, or an empty object when it is not one. */
    static ObjectNode parseArguments(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return object();
        }
        try {
            JsonNode parsed = MAPPER.readTree(arguments);
            return parsed instanceof ObjectNode o ? o : object();
        } catch (JsonProcessingException e) {
            return object();
        }
    }

    /** A string field, or null when absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    static boolean isNonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** Anthropic message ids start with {@code msg_}; canonical ids keep their text behind that prefix. */
    static String messageId(String canonicalId) {
        if (!isNonEmpty(canonicalId)) {
            return "msg_" + randomSuffix();
        }
        return canonicalId.startsWith("msg_") ? canonicalId : "msg_" + canonicalId;
    }

    static String toolUseId() {
        return "toolu_" + randomSuffix();
    }

    private static String randomSuffix() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
