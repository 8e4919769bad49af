package dev.tollgate.providers.bedrock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.providers.canonical.EmbeddingList;
import dev.tollgate.providers.canonical.EmbeddingRequest;
import dev.tollgate.providers.canonical.Json;
import dev.tollgate.providers.canonical.UnstreamedTranslation;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.provider.TranslationException;

/**
 * One embeddings call between OpenAI's embeddings request and Bedrock's {@code InvokeModel}, whose body is the
 * model vendor's own: the {@link EmbeddingFormat} is chosen by the upstream model id. Per call: the request
 * fixes the format, how many vectors the answer must hold and how the client wants them written.
 */
public final class EmbeddingsTranslation extends UnstreamedTranslation {

    private EmbeddingFormat format;
    private String model = "";
    private int inputs;
    private boolean base64;

    @Override
    public byte[] request(ObjectNode canonicalRequest, String upstreamModel, boolean stream) throws TranslationException {
        format = EmbeddingFormat.of(upstreamModel);
        EmbeddingRequest request = EmbeddingRequest.parse(canonicalRequest);
        model = upstreamModel;
        inputs = request.texts().size();
        base64 = request.base64();
        return Json.bytes(format.request(request, canonicalRequest));
    }

    @Override
    public ObjectNode response(byte[] upstreamBody) throws TranslationException {
        reported = null;
        if (format == null) {
            throw new IllegalStateException("response before request");
        }
        EmbeddingFormat.Answer answer = format.answer(Json.parse(upstreamBody, "the upstream answer"), inputs);
        if (answer.promptTokens() >= 0) {
            reported = new TokenUsage(answer.promptTokens(), 0, 0, 0, false);
        }
        return EmbeddingList.of(answer.vectors(), base64, model, answer.promptTokens());
    }
}
