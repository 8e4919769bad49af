package dev.tollgate.providers.gemini;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.TranslatingAdapter;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Google's Gemini API (Google AI Studio, {@code generativelanguage.googleapis.com/v1beta}): chat completions
 * translated to {@code generateContent} / {@code streamGenerateContent}, embeddings to
 * {@code batchEmbedContents}. Stateless and thread-safe; each call gets its own {@link GeminiTranslation} or
 * {@link EmbeddingsTranslation}.
 */
public final class GeminiAdapter implements TranslatingAdapter {

    static final String AUTH_HEADER = "x-goog-api-key";
    static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    @Override
    public String type() {
        return "gemini";
    }

    @Override
    public String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.GEMINI;
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.EMBEDDINGS;
    }

    /**
     * {@code {base_url}/models/{model}:generateContent}, or {@code :streamGenerateContent?alt=sse} when
     * streaming (without {@code alt=sse} Google streams one JSON array instead of server-sent events), or
     * {@code :batchEmbedContents} for embeddings (one call for any number of inputs). The key travels in the
     * {@code x-goog-api-key} header, never in the URL, so it cannot end up in access logs.
     */
    @Override
    public UpstreamTarget target(ProviderSettings provider, Endpoint endpoint, String upstreamModel, Secret key,
                                 boolean stream) {
        String base = provider.baseUrl();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String method = endpoint == Endpoint.EMBEDDINGS ? ":batchEmbedContents"
                : stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
        String url = base + "/" + modelPath(upstreamModel) + method;
        Map<String, String> headers = new HashMap<>(provider.headers());
        headers.put(AUTH_HEADER, key.reveal());
        return new UpstreamTarget(url, headers);
    }

    /** {@code models/{id}} with the id encoded as one path segment; a {@code models/} or {@code tunedModels/} prefix is kept. */
    static String modelPath(String model) {
        String collection = "models";
        String id = model;
        if (model.startsWith("models/")) {
            id = model.substring("models/".length());
        } else if (model.startsWith("tunedModels/")) {
            collection = "tunedModels";
            id = model.substring("tunedModels/".length());
        }
        return collection + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Google answers {@code {"error":{"code","message","status"}}}. An invalid key comes back as 400
     * {@code INVALID_ARGUMENT} with reason {@code API_KEY_INVALID}: that is an authentication failure too.
     */
    @Override
    public UpstreamError interpretError(int status, byte[] body) {
        GeminiErrorBody.Parsed error = GeminiErrorBody.read(body);
        String message = error == null ? null : error.message();
        if (status == 401 || status == 403 || (status == 400 && error != null && error.apiKeyInvalid())) {
            return new UpstreamError(UpstreamError.Kind.AUTHENTICATION, status,
                    "the upstream provider rejected the gateway's credentials");
        }
        if (status == 402) {
            return new UpstreamError(UpstreamError.Kind.AUTHENTICATION, status,
                    "the upstream provider refused the gateway's account (billing)");
        }
        if (status == 429) {
            return new UpstreamError(UpstreamError.Kind.RATE_LIMITED, status,
                    message != null ? message : "the upstream provider is rate limiting requests");
        }
        if (status >= 400 && status < 500 && status != 408) {
            return new UpstreamError(UpstreamError.Kind.INVALID_REQUEST, status,
                    message != null ? message : "the upstream provider rejected the request");
        }
        return new UpstreamError(UpstreamError.Kind.UNAVAILABLE, status,
                "the upstream provider failed with status " + status);
    }

    /** A translation for one call of an endpoint {@link #supports declared}. */
    @Override
    public ChatTranslation newTranslation(Endpoint endpoint) {
        return endpoint == Endpoint.EMBEDDINGS ? new EmbeddingsTranslation() : new GeminiTranslation();
    }
}
