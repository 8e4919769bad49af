package dev.tollgate.spi.provider;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;

/**
 * Speaks one upstream protocol. An adapter is thread-safe and does no I/O on the call path: the gateway sends
 * the request it describes and hands back what came back for interpretation. Most are stateless; one that
 * needs background work per provider (fetching access tokens) is a {@link StatefulAdapter}.
 *
 * <p>A capability the provider lacks is simply not declared by {@link #supports}. An adapter whose wire
 * format is not OpenAI's also implements {@link TranslatingAdapter}.
 */
public interface ProviderAdapter {

    /** The {@code type} name used in configuration. */
    String type();

    /** The API root used when the configuration gives no {@code base_url}, or null when one is required. */
    default String defaultBaseUrl() {
        return null;
    }

    /**
     * Checks and completes a provider's settings while the configuration loads (off the event loops, so it may
     * read a file): e.g. Vertex AI requires its {@code project} and reads {@code options.credentials_file} into
     * the key list. Called before the gateway checks that a {@code base_url} and at least one key are there.
     *
     * @throws IllegalArgumentException when the settings cannot work; its message names the field at fault
     *                                  relative to the provider (e.g. {@code "options.project: required"}) and
     *                                  quotes no secret
     */
    default ProviderSettings resolve(ProviderSettings provider) {
        return provider;
    }

    /**
     * The request/response wire format the upstream speaks for OpenAI's endpoints (chat, completions,
     * embeddings). When it equals the client's, the gateway forwards the original bytes (with the model
     * rewritten) instead of translating.
     */
    WireFormat wireFormat();

    /**
     * Whether the adapter serves this operation. For OpenAI's endpoints, natively or by translation. For the
     * client surfaces in other APIs ({@link Endpoint#MESSAGES}, {@link Endpoint#RESPONSES}), only when the
     * upstream takes that API as it is: the gateway then forwards the client's bytes with the model rewritten,
     * and otherwise translates the call to {@link Endpoint#canonical() chat}, which the adapter must support.
     */
    boolean supports(Endpoint endpoint);

    /**
     * The URL and headers (auth included) for one call of a {@link #supports supported} operation with one of
     * the provider's keys. {@code stream} matters to providers whose streaming calls use another path (Gemini,
     * Bedrock). Runs on an event loop: it must not block.
     *
     * @throws CredentialsUnavailableException when the key's credentials cannot be had now (no access token)
     */
    UpstreamTarget target(ProviderSettings provider, Endpoint endpoint, String upstreamModel, Secret key,
                          boolean stream);

    /** Interprets an error answer; the result's message must not carry anything secret. */
    UpstreamError interpretError(int status, byte[] body);
}
