package dev.tollgate.providers.auth;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Google's service-account flow: a fresh {@link ServiceAccountAssertion} for each fetch, POSTed to the account's
 * {@code token_uri} as {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…}.
 */
public final class JwtBearerFetcher implements TokenFetcher {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final GoogleServiceAccount account;
    private final String scope;
    private final TokenEndpoint endpoint;
    private final Clock clock;

    public JwtBearerFetcher(GoogleServiceAccount account, String scope, TokenEndpoint endpoint, Clock clock) {
        this.account = account;
        this.scope = scope;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    @Override
    public AccessToken fetch() throws TokenFetchException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT_TYPE);
        form.put("assertion", ServiceAccountAssertion.create(account, scope, clock.instant()));
        return endpoint.post(account.tokenUri(), form);
    }
}
