package dev.tollgate.providers.auth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth 2.0 client-credentials grant as Microsoft Entra ID takes it (v2.0 endpoint): {@code grant_type},
 * {@code client_id}, {@code client_secret} and a {@code scope} ending in {@code /.default}, form-encoded.
 */
public final class ClientCredentialsFetcher implements TokenFetcher {

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final TokenEndpoint endpoint;

    public ClientCredentialsFetcher(URI tokenUrl, String clientId, String clientSecret, String scope,
                                    TokenEndpoint endpoint) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.endpoint = endpoint;
    }

    @Override
    public AccessToken fetch() throws TokenFetchException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("scope", scope);
        return endpoint.post(tokenUrl, form);
    }

    @Override
    public String toString() {
        return "ClientCredentialsFetcher[" + clientId + " at " + tokenUrl.getHost() + "]";
    }
}
