package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.EmbeddingList;
import dev.tollgate.providers.canonical.EmbeddingRequest;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.List;

/**
 * Cohere Embed on Bedrock: {@code {"texts":[…], "input_type", "embedding_types":["float"]}} in (up to 96 texts
 * a call; Bedrock checks), {@code {"id", "embeddings":{"float":[[…], …]}, "texts", "response_type"}} out. Without
 * {@code embedding_types} Cohere answers {@code "embeddings":[[…], …]} instead; both are read.
 *
 * <p>{@code input_type} is required and has no OpenAI counterpart: it is {@code search_document} (what an
 * embeddings call for a vector store usually wants) unless the client's request carries Cohere's own
 * {@code input_type}. v3 vectors have 1024 dimensions, fixed; v4 takes {@code output_dimension} (256, 512, 1024
 * or 1536). The body reports no token count (Bedrock sends it in the {@code X-Amzn-Bedrock-Input-Token-Count}
 * header, which translations do not see), so the gateway counts the input itself.
 */
record CohereEmbeddings(boolean v4) implements EmbeddingFormat {

    static final String DEFAULT_INPUT_TYPE = "search_document";
    private static final int V3_DIMENSIONS = 1024;

    @Override
    public ObjectNode request(EmbeddingRequest request, ObjectNode canonical) throws TranslationException {
        ObjectNode body = Json.object();
        ArrayNode texts = body.putArray("texts");
        request.texts().forEach(texts::add);
        body.put("input_type", inputType(canonical.get("input_type")));
        body.putArray("embedding_types").add("float");
        if (v4 && request.dimensions() > 0) {
            body.put("output_dimension", request.dimensions());
        } else if (!v4 && request.dimensions() > 0 && request.dimensions() != V3_DIMENSIONS) {
            throw new TranslationException("Cohere Embed v3 vectors have " + V3_DIMENSIONS
                    + " dimensions; 'dimensions' cannot change that.");
        }
        return body;
    }

    private static String inputType(JsonNode value) throws TranslationException {
        if (value == null || value.isNull()) {
            return DEFAULT_INPUT_TYPE;
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw new TranslationException("'input_type' must be one of Cohere's input types, e.g. 'search_query'.");
        }
        return value.textValue();
    }

    @Override
    public Answer answer(JsonNode body, int inputs) throws TranslationException {
        JsonNode embeddings = body.get("embeddings");
        JsonNode floats = embeddings != null && embeddings.isObject() ? embeddings.get("float") : embeddings;
        if (floats == null || !floats.isArray()) {
            throw new TranslationException("the upstream answer has no float embeddings");
        }
        if (floats.size() != inputs) {
            throw new TranslationException("the upstream answer has " + floats.size() + " embeddings for " + inputs
                    + " inputs");
        }
        List<ArrayNode> vectors = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            vectors.add(EmbeddingList.vector(floats.get(i), "upstream embedding " + i));
        }
        return new Answer(vectors, -1);
    }
}
