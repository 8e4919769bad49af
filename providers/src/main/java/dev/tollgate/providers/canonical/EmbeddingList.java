package dev.tollgate.providers.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.spi.provider.TranslationException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * Builds OpenAI's embeddings answer, {@code {"object":"list","data":[{"object":"embedding","index":i,
 * "embedding":…}],"model":…,"usage":{"prompt_tokens":N,"total_tokens":N}}}, from an upstream's vectors.
 *
 * <p>Vectors go out as the upstream wrote the numbers, or, for {@code encoding_format: "base64"}, as OpenAI
 * encodes them: the values as little-endian IEEE float32, base64 (what the official SDKs decode).
 */
public final class EmbeddingList {

    private EmbeddingList() {
    }

    /**
     * @param vectors      one JSON array of numbers per input, in input order (see {@link #vector})
     * @param promptTokens the input tokens the upstream reported, or a negative number when it reported none:
     *                     the answer then has no {@code usage} and the gateway fills in its own count
     */
    public static ObjectNode of(List<ArrayNode> vectors, boolean base64, String model, long promptTokens) {
        ObjectNode out = Json.object();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < vectors.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (base64) {
                item.put("embedding", base64(vectors.get(i)));
            } else {
                item.set("embedding", vectors.get(i));
            }
        }
        out.put("model", model);
        if (promptTokens >= 0) {
            out.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
        }
        return out;
    }

    /** {@code node} as a vector: a non-empty array of numbers, else the upstream's answer is malformed. */
    public static ArrayNode vector(JsonNode node, String what) throws TranslationException {
        if (!(node instanceof ArrayNode array) || array.isEmpty()) {
            throw new TranslationException(what + " is not an array of numbers");
        }
        for (JsonNode value : array) {
            if (!value.isNumber()) {
                throw new TranslationException(what + " is not an array of numbers");
            }
        }
        return array;
    }

    /** The little-endian float32 bytes of the vector, base64-encoded. */
    static String base64(ArrayNode vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode value : vector) {
            bytes.putFloat(value.floatValue());
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
