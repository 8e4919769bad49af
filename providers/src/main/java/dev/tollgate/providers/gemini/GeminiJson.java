package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

/**
 * How the Gemini translators parse: like {@link Json#MAPPER} but without failing on trailing tokens (what
 * follows the first JSON value is ignored). Everything else is {@link Json}'s.
 */
final class GeminiJson {

    static final ObjectMapper MAPPER = Json.lossless().build();

    private GeminiJson() {
    }

    static JsonNode parse(byte[] bytes, String what) throws TranslationException {
        return Json.parse(MAPPER, bytes, what);
    }

    static JsonNode parse(String text, String what) throws TranslationException {
        return Json.parse(MAPPER, text, what);
    }

    /** The JSON value in {@code text}, or null when it is not JSON. */
    static JsonNode tryParse(String text) {
        return Json.parseOrNull(MAPPER, text);
    }
}
