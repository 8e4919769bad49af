package dev.tollgate.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.List;

/**
 * What an OpenAI embeddings request ({@code POST /v1/embeddings}) asks of an upstream that is not OpenAI: the
 * texts, in order, the vector size and how the client wants the vectors written. Checked the way OpenAI checks
 * it, so a client gets a 400 from the gateway rather than an upstream's puzzling one.
 *
 * <p>Token-array inputs ({@code [1, 2, 3]} or {@code [[1, 2], [3]]}) are OpenAI's own tokenizer's ids, which
 * mean nothing to another vendor's model, so they are refused rather than guessed at.
 *
 * @param texts      the inputs, at least one, none empty
 * @param dimensions the requested vector size, or 0 for the model's default
 * @param base64     whether the client asked for {@code encoding_format: "base64"}
 */
public record EmbeddingRequest(List<String> texts, int dimensions, boolean base64) {

    public EmbeddingRequest {
        texts = List.copyOf(texts);
    }

    /** Reads the canonical request; the exception's message is meant for the client. */
    public static EmbeddingRequest parse(ObjectNode request) throws TranslationException {
        return new EmbeddingRequest(texts(request.get("input")), dimensions(request.get("dimensions")),
                base64(request.get("encoding_format")));
    }

    private static List<String> texts(JsonNode input) throws TranslationException {
        if (input == null || input.isNull()) {
            throw new TranslationException("'input' is required.");
        }
        if (input.isTextual()) {
            return List.of(nonEmpty(input.textValue(), "'input'"));
        }
        if (!input.isArray()) {
            throw new TranslationException("'input' must be a string or an array of strings.");
        }
        if (input.isEmpty()) {
            throw new TranslationException("'input' must not be an empty array.");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (item.isNumber() || item.isArray()) {
                throw new TranslationException("This model takes text only: token arrays in 'input' are not supported.");
            }
            if (!item.isTextual()) {
                throw new TranslationException("'input[" + i + "]' must be a string.");
            }
            texts.add(nonEmpty(item.textValue(), "'input[" + i + "]'"));
        }
        return texts;
    }

    private static String nonEmpty(String text, String what) throws TranslationException {
        if (text.isEmpty()) {
            throw new TranslationException(what + " must not be an empty string.");
        }
        return text;
    }

    private static int dimensions(JsonNode value) throws TranslationException {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw new TranslationException("'dimensions' must be a positive integer.");
        }
        return value.intValue();
    }

    private static boolean base64(JsonNode value) throws TranslationException {
        if (value == null || value.isNull() || "float".equals(value.asText())) {
            return false;
        }
        if (value.isTextual() && "base64".equals(value.textValue())) {
            return true;
        }
        throw new TranslationException("'encoding_format' must be 'float' or 'base64'.");
    }
}
