package dev.tollgate.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.EmbeddingList;
import dev.tollgate.providers.canonical.EmbeddingRequest;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.UnstreamedTranslation;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;

import java.util.ArrayList;
import java.util.List;

/**
 * One embeddings call between OpenAI's embeddings request and Gemini's {@code batchEmbedContents}: each input
 * becomes one {@code EmbedContentRequest} of the batch, so an array of inputs is still one upstream call, and
 * the answer's {@code embeddings} come back in the same order. Per call: the request fixes how many vectors
 * the answer must hold and how the client wants them written.
 */
public final class EmbeddingsTranslation extends UnstreamedTranslation {

    private String model = "";
    private int inputs;
    private boolean base64;

    @Override
    public byte[] request(ObjectNode canonicalRequest, String upstreamModel, boolean stream) throws TranslationException {
        EmbeddingRequest request = EmbeddingRequest.parse(canonicalRequest);
        model = upstreamModel;
        inputs = request.texts().size();
        base64 = request.base64();
        // Google requires each request's model to be the batch's (the one in the path), as a resource name.
        String resource = resourceName(upstreamModel);
        ObjectNode body = Json.object();
        ArrayNode requests = body.putArray("requests");
        for (String text : request.texts()) {
            ObjectNode one = requests.addObject();
            one.put("model", resource);
            one.putObject("content").putArray("parts").addObject().put("text", text);
            if (request.dimensions() > 0) {
                one.put("outputDimensionality", request.dimensions());
            }
        }
        return Json.bytes(body);
    }

    @Override
    public ObjectNode response(byte[] upstreamBody) throws TranslationException {
        reported = null;
        JsonNode root = GeminiJson.parse(upstreamBody, "the upstream answer");
        JsonNode embeddings = root.get("embeddings");
        if (embeddings == null || !embeddings.isArray()) {
            throw new TranslationException("the upstream answer has no embeddings");
        }
        if (embeddings.size() != inputs) {
            throw new TranslationException("the upstream answer has " + embeddings.size() + " embeddings for "
                    + inputs + " inputs");
        }
        List<ArrayNode> vectors = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            vectors.add(EmbeddingList.vector(embeddings.get(i).get("values"), "upstream embedding " + i));
        }
        long promptTokens = promptTokens(root.get("usageMetadata"));
        if (promptTokens >= 0) {
            reported = new TokenUsage(promptTokens, 0, 0, 0, false);
        }
        return EmbeddingList.of(vectors, base64, model, promptTokens);
    }

    /**
     * {@code usageMetadata.promptTokenCount}, which the Gemini API's embedding answers have long left out (newer
     * ones may carry it), or -1 when it is absent.
     */
    private static long promptTokens(JsonNode usage) {
        JsonNode count = usage == null ? null : usage.get("promptTokenCount");
        return count != null && count.isIntegralNumber() && count.asLong() >= 0 ? count.asLong() : -1;
    }

    /** {@code models/{id}}: the model as Google names the resource, a {@code models/} or {@code tunedModels/} prefix kept. */
    static String resourceName(String model) {
        return model.startsWith("models/") || model.startsWith("tunedModels/") ? model : "models/" + model;
    }
}
