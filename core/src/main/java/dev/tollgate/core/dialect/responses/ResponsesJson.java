package dev.tollgate.core.dialect.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.UUID;

/** JSON plumbing and identifiers shared by the Responses dialect's classes. */
final class ResponsesJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ResponsesJson() {
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

    /** A string field, or null when absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /** Whether the field is absent or JSON null (the Responses API uses null for "not given" throughout). */
    static boolean absent(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull();
    }

    static boolean isNonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** Response ids start with {@code resp_}; a canonical id keeps its text behind that prefix. */
    static String responseId(String canonicalId) {
        if (!isNonEmpty(canonicalId)) {
            return "resp_" + randomSuffix();
        }
        return canonicalId.startsWith("resp_") ? canonicalId : "resp_" + canonicalId;
    }

    /**
     * The id of output item {@code outputIndex} of a response: a type prefix ({@code msg}, {@code rs},
     * {@code fc}) and the response's id without its {@code resp_}, so ids are unique within a response and
     * the same whether it was streamed or not.
     */
    static String itemId(String prefix, String responseId, int outputIndex) {
        String base = responseId.startsWith("resp_") ? responseId.substring(5) : responseId;
        return prefix + "_" + base + "_" + outputIndex;
    }

    /** A call id for a tool call the upstream gave none. */
    static String callId() {
        return "call_" + randomSuffix();
    }

    private static String randomSuffix() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
