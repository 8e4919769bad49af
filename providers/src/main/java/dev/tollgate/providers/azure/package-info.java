/**
 * Azure OpenAI Service. Data-plane API (https://learn.microsoft.com/azure/ai-services/openai/reference):
 * {@code {base_url}/openai/deployments/{deployment}/chat/completions?api-version=…}. The request body is OpenAI's;
 * Azure ignores {@code model} and routes by the deployment in the path, which is the deployment's {@code model} in
 * Tollgate's configuration.
 *
 * <p>Authentication ({@code options.auth}, see {@link dev.tollgate.providers.azure.AzureAuth}):
 * <ul>
 *   <li>{@code api_key} (default): the key in the {@code api-key} header.</li>
 *   <li>{@code entra} (default when {@code options.tenant_id} is set): Microsoft Entra ID, client-credentials grant
 *       (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow). The key is the app
 *       registration's client secret; {@code options.client_id} names the app. The gateway POSTs
 *       {@code grant_type=client_credentials&client_id&client_secret&scope=https://cognitiveservices.azure.com/.default}
 *       to {@code https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token} ({@code options.token_url} and
 *       {@code options.scope} override both, e.g. for sovereign clouds), and sends
 *       {@code Authorization: Bearer <access token>}. Tokens are fetched off the event loops and refreshed at 80% of
 *       their lifetime ({@link dev.tollgate.providers.auth}); the app needs the "Cognitive Services OpenAI User" role
 *       on the resource.</li>
 *   <li>{@code entra_token}: the key is already an Entra access token, sent as a bearer token as it is; whoever
 *       configures it rotates it (a configuration reload picks up the new one).</li>
 * </ul>
 * An expired or refused token is a 401, treated like a refused key.

 * <p>Responses API calls pass through to {@code {base_url}/openai/v1/responses} (the v1 API, no
 * {@code api-version}), or to {@code {base_url}/openai/responses?api-version=…} when
 * {@code options.responses_api_version} names a dated preview version; both route by the body's {@code model},
 * which the gateway sets to the deployment.
 */
package dev.tollgate.providers.azure;
