package dev.tollgate.spi.provider;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;

/**
 * Speaks one upstream protocol. An adapter is stateless and thread-safe; it does no I/O itself: the
 * gateway sends the request it describes and hands back what came back for interpretation.
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
     * Bedrock).
     */
    UpstreamTarget target(ProviderSettings provider, Endpoint endpoint, String upstreamModel, Secret key,
                          boolean stream);

    /** Interprets an error answer; the result's message must not carry anything secret. */
    UpstreamError interpretError(int status, byte[] body);
}
