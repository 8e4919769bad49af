package dev.tollgate.providers.openai;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderAdapter;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;

import java.util.HashMap;
import java.util.Map;

/**
 * Any upstream that speaks the OpenAI API under a base URL: OpenAI itself and the many compatible
 * services (DeepSeek, Groq, Together, vLLM, Ollama, …), which differ in {@code base_url} and in whether
 * they also serve the Responses API. Thread-safe and stateless.
 */
public final class OpenAiAdapter implements ProviderAdapter {

    private final String type;
    private final String defaultBaseUrl;
    private final boolean speaksResponses;

    /** A service with Chat Completions, completions and embeddings, but no Responses API. */
    public OpenAiAdapter(String type, String defaultBaseUrl) {
        this(type, defaultBaseUrl, false);
    }

    /**
     * @param type            the configuration name this instance answers to ({@code openai}, {@code groq}, …)
     * @param defaultBaseUrl  the service's API root, or null when the configuration must give one
     * @param speaksResponses whether the service has {@code POST {base_url}/responses}, so that Responses API
     *                        calls pass through instead of being translated to chat
     */
    public OpenAiAdapter(String type, String defaultBaseUrl, boolean speaksResponses) {
        this.type = type;
        this.defaultBaseUrl = defaultBaseUrl;
        this.speaksResponses = speaksResponses;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.OPENAI;
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS -> true;
            case RESPONSES -> speaksResponses;
            case MESSAGES -> false; // Anthropic clients reach OpenAI upstreams translated to chat
        };
    }

    @Override
    public UpstreamTarget target(ProviderSettings provider, Endpoint endpoint, String upstreamModel, Secret key,
                                 boolean stream) {
        String base = provider.baseUrl().endsWith("/") ? provider.baseUrl() : provider.baseUrl() + "/";
        Map<String, String> headers = new HashMap<>(provider.headers());
        headers.put("authorization", "Bearer " + key.reveal());
        return new UpstreamTarget(base + endpoint.openAiPath(), headers);
    }

    @Override
    public UpstreamError interpretError(int status, byte[] body) {
        String message = OpenAiErrorBody.message(body);
        return switch (status) {
            case 401, 403 -> new UpstreamError(UpstreamError.Kind.AUTHENTICATION, status,
                    "the upstream provider rejected the gateway's credentials");
            case 429 -> new UpstreamError(UpstreamError.Kind.RATE_LIMITED, status,
                    message != null ? message : "the upstream provider is rate limiting requests");
            case 400, 404, 409, 413, 415, 422 -> new UpstreamError(UpstreamError.Kind.INVALID_REQUEST, status,
                    message != null ? message : "the upstream provider rejected the request");
            default -> new UpstreamError(UpstreamError.Kind.UNAVAILABLE, status,
                    "the upstream provider failed with status " + status);
        };
    }
}
