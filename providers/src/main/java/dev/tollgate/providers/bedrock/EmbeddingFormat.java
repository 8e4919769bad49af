package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.EmbeddingRequest;
import dev.tollgate.spi.provider.TranslationException;

import java.util.List;

/**
 * The body of one family of Bedrock embedding models. InvokeModel hands the body to the model as it is, so each
 * vendor keeps its own request and answer shapes; the model id says which one applies.
 */
sealed interface EmbeddingFormat permits TitanEmbeddings, CohereEmbeddings {

    /**
     * The InvokeModel body for a checked OpenAI request; {@code canonical} is the request as the client sent it,
     * for a vendor's own extra fields. The exception's message is meant for the client.
     */
    ObjectNode request(EmbeddingRequest request, ObjectNode canonical) throws TranslationException;

    /** The vectors in an InvokeModel answer, one per input; {@code inputs} is how many were sent. */
    Answer answer(JsonNode body, int inputs) throws TranslationException;

    /**
     * @param promptTokens the input tokens the body reports, or -1 when it reports none
     */
    record Answer(List<ArrayNode> vectors, long promptTokens) {
    }

    /**
     * The format of {@code modelId}: a foundation-model id ({@code amazon.titan-embed-text-v2:0}), one behind a
     * cross-region prefix ({@code us.cohere.embed-v4:0}) or at the end of an ARN.
     */
    static EmbeddingFormat of(String modelId) throws TranslationException {
        String id = modelId.substring(modelId.lastIndexOf('/') + 1);
        if (isFamily(id, "amazon.titan-embed-text")) {
            return new TitanEmbeddings(!id.contains("titan-embed-text-v1"));
        }
        if (isFamily(id, "cohere.embed")) {
            return new CohereEmbeddings(id.contains("embed-v4"));
        }
        // An application inference profile's ARN does not name its model, so it cannot be told apart either.
        throw new TranslationException("This model cannot serve embeddings through Bedrock: the gateway calls Amazon"
                + " Titan Text Embeddings (amazon.titan-embed-text-*) and Cohere Embed (cohere.embed-*) models.");
    }

    private static boolean isFamily(String id, String family) {
        return id.startsWith(family) || id.contains("." + family);
    }
}
