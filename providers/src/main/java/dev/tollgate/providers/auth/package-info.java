/**
 * OAuth 2.0 access tokens for upstreams that take them instead of API keys: Google Vertex AI (a service account's
 * JWT-bearer grant, {@link dev.tollgate.providers.auth.JwtBearerFetcher}) and Azure OpenAI with Microsoft Entra ID
 * (the client-credentials grant, {@link dev.tollgate.providers.auth.ClientCredentialsFetcher}).
 *
 * <p>The gateway's calls run on event loops that must never block, so tokens are never fetched on a call's path.
 * {@link dev.tollgate.providers.auth.ProviderTokens} keeps one {@link dev.tollgate.providers.auth.RefreshingToken}
 * per (provider, key), fetched on daemon refresher threads with {@code java.net.http} when the configuration
 * is loaded and again at 80% of each token's lifetime; a failed fetch is retried with backoff (1 s doubling to
 * 60 s) while the token in hand stays in use until 10 s before its expiry. The adapter's {@code target} reads the
 * cached token, and without one throws
 * {@link dev.tollgate.spi.provider.CredentialsUnavailableException}, which the gateway turns into a 502 for that
 * attempt. Every token is handed to the adapter's secret sink before first use, so the log redaction masks it.
 *
 * <p>No client library: RS256 is the JDK's {@code SHA256withRSA}, JSON is Jackson, HTTP is {@code java.net.http}
 * (see the dependency section of docs/ARCHITECTURE.md for why not Google's auth library).
 */
package dev.tollgate.providers.auth;
