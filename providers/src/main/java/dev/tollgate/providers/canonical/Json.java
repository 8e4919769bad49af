package dev.tollgate.providers.canonical;

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
public final class Json {

    /** Floats stay {@link java.math.BigDecimal}s so that {@code 0.7} or a tool argument round-trips exactly. */
    public static final ObjectMapper MAPPER = lossless()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** A mapper builder with the number settings of {@link #MAPPER}, for a provider that parses differently. */
    public static JsonMapper.Builder lossless() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /**
     * Parses upstream bytes. The exception names {@code what} failed to parse and nothing else: Jackson's own
     * message quotes the offending input, which is the upstream's content.
     */
    public static JsonNode parse(byte[] bytes, String what) throws TranslationException {
        return parse(MAPPER, bytes, what);
    }

    /** {@link #parse(byte[], String)} with another mapper. */
    public static JsonNode parse(ObjectMapper mapper, byte[] bytes, String what) throws TranslationException {
        if (bytes == null || bytes.length == 0) {
            throw new TranslationException(what + " is empty");
        }
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            throw new TranslationException(what + " is not valid JSON");
        }
    }

    public static JsonNode parse(String text, String what) throws TranslationException {
        return parse(MAPPER, text, what);
    }

    /** {@link #parse(String, String)} with another mapper. */
    public static JsonNode parse(ObjectMapper mapper, String text, String what) throws TranslationException {
        if (text == null || text.isBlank()) {
            throw new TranslationException(what + " is empty");
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TranslationException(what + " is not valid JSON");
        }
    }

    /** Parses text that may not be JSON (an error payload, a tool result): null when it is not. */
    public static JsonNode parseOrNull(String text) {
        return parseOrNull(MAPPER, text);
    }

    /** {@link #parseOrNull(String)} with another mapper. */
    public static JsonNode parseOrNull(ObjectMapper mapper, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The field's text when it is a JSON string, else null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Whether the field is absent or JSON null (also when {@code node} itself is null). */
    public static boolean absent(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isMissingNode();
    }
}
