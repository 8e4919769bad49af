package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.EmbeddingList;
import dev.tollgate.providers.canonical.EmbeddingRequest;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.spi.provider.TranslationException;

import java.util.List;

/**
 * Amazon Titan Text Embeddings: {@code {"inputText", "dimensions", "normalize"}} in,
 * {@code {"embedding":[…], "inputTextTokenCount":N}} out. Titan embeds exactly one text per call, and a
 * gateway call is one upstream call, so an OpenAI request with several inputs is refused rather than split.
 * v2 takes {@code dimensions} (256, 512 or 1024; Bedrock checks) and is asked to {@code normalize}, as OpenAI's
 * vectors are; v1 takes the text alone.
 */
record TitanEmbeddings(boolean v2) implements EmbeddingFormat {

    @Override
    public ObjectNode request(EmbeddingRequest request, ObjectNode canonical) throws TranslationException {
        if (request.texts().size() != 1) {
            throw new TranslationException("Amazon Titan embeds one text per call: send 'input' as a single string.");
        }
        ObjectNode body = Json.object();
        body.put("inputText", request.texts().get(0));
        if (!v2) {
            if (request.dimensions() > 0) {
                throw new TranslationException("Amazon Titan Text Embeddings v1 has a fixed size; 'dimensions' is not supported.");
            }
            return body;
        }
        if (request.dimensions() > 0) {
            body.put("dimensions", request.dimensions());
        }
        body.put("normalize", true);
        return body;
    }

    @Override
    public Answer answer(JsonNode body, int inputs) throws TranslationException {
        JsonNode count = body.get("inputTextTokenCount");
        long promptTokens = count != null && count.isIntegralNumber() && count.asLong() >= 0 ? count.asLong() : -1;
        return new Answer(List.of(EmbeddingList.vector(body.get("embedding"), "the upstream embedding")), promptTokens);
    }
}
