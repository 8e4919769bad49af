package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.provider.TranslationException;

import java.io.IOException;

/** The JSON plumbing shared by the translators: one mapper, lossless for numbers, and safe failures. */
final class Json {

    /** Floats stay {@link java.math.BigDecimal}s so that {@code 0.7} or a tool argument round-trips exactly. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /**
     * Parses upstream bytes. The exception names {@code what} failed to parse and nothing else: Jackson's own
     * message quotes the offending input, which is the upstream's content.
     */
    static JsonNode parse(byte[] bytes, String what) throws TranslationException {
        if (bytes == null || bytes.length == 0) {
            throw new TranslationException(what + " is empty");
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new TranslationException(what + " is not valid JSON");
        }
    }

    static JsonNode parse(String text, String what) throws TranslationException {
        if (text == null || text.isBlank()) {
            throw new TranslationException(what + " is empty");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TranslationException(what + " is not valid JSON");
        }
    }

    /** Parses text that may not be JSON (an error payload): null when it is not. */
    static JsonNode parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The field's text when it is a JSON string, else null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Whether the field is absent or JSON null. */
    static boolean absent(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode();
    }
}
