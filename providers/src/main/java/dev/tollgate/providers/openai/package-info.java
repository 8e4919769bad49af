/**
 * The OpenAI adapter, used for OpenAI and every OpenAI-compatible upstream.
 *
 * <p>API: OpenAI REST v1 (https://platform.openai.com/docs/api-reference), paths below {@code base_url}:
 * {@code chat/completions}, {@code completions}, {@code embeddings}, and {@code responses} for services that
 * declare the Responses API; bearer-token auth. Since the wire format equals the gateway's canonical one (and,
 * for {@code responses}, the client's), calls take the fast path: original request bytes with the model
 * rewritten, response bytes relayed untouched.
 *
 * <p>Quirks: auth errors (401/403) echo part of the key in their message, so they are replaced by a
 * fixed text; every other message is scrubbed of key-shaped strings before it can reach a client.
 */
package dev.tollgate.providers.openai;
