package dev.tollgate.providers.gemini;

import dev.tollgate.providers.auth.GoogleServiceAccount;
import dev.tollgate.providers.auth.JwtBearerFetcher;
import dev.tollgate.providers.auth.ProviderTokens;
import dev.tollgate.providers.auth.TokenEndpoint;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.StatefulAdapter;
import dev.tollgate.spi.provider.TranslatingAdapter;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Gemini models on Google Cloud Vertex AI, authenticated as a service account: the Gemini wire format (the same
 * translation as {@link GeminiAdapter}) at Vertex's resource paths, with an OAuth access token obtained by the
 * JWT-bearer flow and refreshed in the background ({@link ProviderTokens}). A type of its own rather than an option
 * of {@code gemini}: it needs a project and a location, has another URL shape and another credential, and keeps
 * state. Thread-safe.
 */
public final class VertexAdapter implements TranslatingAdapter, StatefulAdapter {

    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private final GeminiAdapter gemini = new GeminiAdapter();
    private final ProviderTokens tokens;

    public VertexAdapter() {
        this(Clock.systemUTC());
    }

    VertexAdapter(Clock clock) {
        TokenEndpoint endpoint = new TokenEndpoint(TokenEndpoint.newClient(), clock);
        this.tokens = new ProviderTokens("vertex", (provider, key, secrets) -> {
            GoogleServiceAccount account = GoogleServiceAccount.parse(key.reveal());
            account.secretParts().forEach(secrets);
            return new JwtBearerFetcher(account, SCOPE, endpoint, clock);
        }, clock);
    }

    /** For tests: tokens from elsewhere. */
    VertexAdapter(ProviderTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public String type() {
        return "vertex";
    }

    /** A template: {@code {location}} is filled in from {@code options.location} ({@link VertexSettings}). */
    @Override
    public String defaultBaseUrl() {
        return VertexSettings.DEFAULT_BASE_URL;
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.GEMINI;
    }

    /** Chat only: Vertex embeds through {@code :predict} with another body, which is not translated yet. */
    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS;
    }

    @Override
    public ProviderSettings resolve(ProviderSettings provider) {
        return VertexSettings.resolve(provider);
    }

    @Override
    public void configure(List<ProviderSettings> providers, Consumer<String> secrets) {
        tokens.configure(providers, secrets);
    }

    @Override
    public void close() {
        tokens.close();
    }

    /**
     * {@code {base_url}/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent},
     * or {@code :streamGenerateContent?alt=sse}, with the key's current access token as a bearer token.
     */
    @Override
    public UpstreamTarget target(ProviderSettings provider, Endpoint endpoint, String upstreamModel, Secret key,
                                 boolean stream) {
        String token = tokens.token(provider, key);
        String base = provider.baseUrl();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String url = base + "/projects/" + segment(provider.options().get("project"))
                + "/locations/" + segment(provider.options().get("location"))
                + "/publishers/google/models/" + segment(upstreamModel)
                + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        Map<String, String> headers = new HashMap<>(provider.headers());
        headers.put("authorization", "Bearer " + token);
        return new UpstreamTarget(url, headers);
    }

    /** Vertex answers in Google's error format, like the Gemini API. */
    @Override
    public UpstreamError interpretError(int status, byte[] body) {
        return gemini.interpretError(status, body);
    }

    @Override
    public ChatTranslation newTranslation(Endpoint endpoint) {
        return gemini.newTranslation(endpoint);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
