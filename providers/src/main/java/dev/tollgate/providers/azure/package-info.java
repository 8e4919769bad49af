/**
 * Azure OpenAI Service. Data-plane API (https://learn.microsoft.com/azure/ai-services/openai/reference):
 * {@code {base_url}/openai/deployments/{deployment}/chat/completions?api-version=…}, key in the
 * {@code api-key} header. The request body is OpenAI's; Azure ignores {@code model} and routes by the
 * deployment in the path, which is the deployment's {@code model} in Tollgate's configuration.
 *
 * <p>Responses API calls pass through to {@code {base_url}/openai/v1/responses} (the v1 API, no
 * {@code api-version}), or to {@code {base_url}/openai/responses?api-version=…} when
 * {@code options.responses_api_version} names a dated preview version; both route by the body's {@code model},
 * which the gateway sets to the deployment.
 *
 * <p>Not yet: Microsoft Entra ID (bearer) tokens instead of keys.
 */
package dev.tollgate.providers.azure;
