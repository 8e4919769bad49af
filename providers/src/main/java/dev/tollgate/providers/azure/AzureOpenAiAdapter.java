package dev.tollgate.providers.azure;

import dev.tollgate.providers.auth.ClientCredentialsFetcher;
import dev.tollgate.providers.auth.ProviderTokens;
import dev.tollgate.providers.auth.TokenEndpoint;
import dev.tollgate.providers.openai.OpenAiAdapter;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.StatefulAdapter;
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
 * Azure OpenAI: OpenAI's wire format (so calls keep the fast path) at Azure's URL shape. The deployment
 * model name is the Azure deployment; {@code options.api_version} picks the API version. Authenticates with an
 * API key, or with Microsoft Entra ID bearer tokens ({@link AzureAuth}); client-credentials tokens are kept fresh
 * in the background by {@link ProviderTokens}. Thread-safe.
 */
public final class AzureOpenAiAdapter implements StatefulAdapter {

    /** The current GA data-plane version at the time of writing. */
    static final String DEFAULT_API_VERSION = "2024-10-21";

    private final OpenAiAdapter openAi = new OpenAiAdapter("azure", null);
    private final ProviderTokens tokens;

    public AzureOpenAiAdapter() {
        this(Clock.systemUTC());
    }

    AzureOpenAiAdapter(Clock clock) {
        TokenEndpoint endpoint = new TokenEndpoint(TokenEndpoint.newClient(), clock);
        this.tokens = new ProviderTokens("azure", (provider, key, secrets) ->
                AzureAuth.of(provider.options()) != AzureAuth.ENTRA ? null
                        : new ClientCredentialsFetcher(AzureAuth.tokenUrl(provider.options()),
                                provider.options().get("client_id"), key.reveal(), AzureAuth.scope(provider.options()),
                                endpoint), clock);
    }

    @Override
    public String type() {
        return "azure";
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.OPENAI;
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint != Endpoint.MESSAGES; // Anthropic clients reach Azure OpenAI translated to chat
    }

    @Override
    public ProviderSettings resolve(ProviderSettings provider) {
        AzureAuth.check(provider);
        return provider;
    }

    @Override
    public void configure(List<ProviderSettings> providers, Consumer<String> secrets) {
        tokens.configure(providers, secrets);
    }

    @Override
    public void close() {
        tokens.close();
    }

    @Override
    public UpstreamTarget target(ProviderSettings provider, Endpoint endpoint, String deployment, Secret key,
                                 boolean stream) {
        String base = provider.baseUrl().endsWith("/") ? provider.baseUrl().substring(0, provider.baseUrl().length() - 1)
                : provider.baseUrl();
        String url = endpoint == Endpoint.RESPONSES ? responsesUrl(base, provider)
                : base + "/openai/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8) + "/"
                        + endpoint.openAiPath() + "?api-version="
                        + encode(provider.options().getOrDefault("api_version", DEFAULT_API_VERSION));
        Map<String, String> headers = new HashMap<>(provider.headers());
        switch (AzureAuth.of(provider.options())) {
            case API_KEY -> headers.put("api-key", key.reveal());
            case ENTRA_TOKEN -> headers.put("authorization", "Bearer " + key.reveal());
            case ENTRA -> headers.put("authorization", "Bearer " + tokens.token(provider, key));
        }
        return new UpstreamTarget(url, headers);
    }

    /**
     * Azure serves the Responses API outside the deployment-scoped paths, with the deployment as the body's
     * {@code model} (which the fast path has already put there): on the v1 API, which takes no
     * {@code api-version}, unless {@code options.responses_api_version} pins one of the dated preview versions.
     */
    private static String responsesUrl(String base, ProviderSettings provider) {
        String version = provider.options().get("responses_api_version");
        return version == null ? base + "/openai/v1/responses" : base + "/openai/responses?api-version=" + encode(version);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public UpstreamError interpretError(int status, byte[] body) {
        return openAi.interpretError(status, body);
    }
}
