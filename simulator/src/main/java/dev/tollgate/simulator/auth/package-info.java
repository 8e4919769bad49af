/**
 * Fake identity services for the providers that take OAuth 2.0 access tokens: Google's token endpoint
 * ({@code POST /token}, the JWT-bearer grant of service accounts, for Vertex AI) and Microsoft Entra ID's
 * ({@code POST /{tenant}/oauth2/v2.0/token}, the client-credentials grant, for Azure OpenAI). Both answer
 * {@code {"access_token","expires_in":3600,"token_type":"Bearer"}} with a random token remembered in
 * {@link dev.tollgate.simulator.auth.IssuedTokens}; the Vertex AI and Azure endpoints accept only tokens issued
 * here and not expired. {@link dev.tollgate.simulator.auth.TrustedCredentials} holds what a test registered (a
 * service account's public key, an app's client secret), which turns on the real checks of signature and secret.
 */
package dev.tollgate.simulator.auth;
