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
     * The request/response wire format the upstream speaks. When it equals the client's, the gateway
     * forwards the original bytes (with the model rewritten) instead of translating.
     */
    WireFormat wireFormat();

    boolean supports(Endpoint endpoint);

    /**
     * The URL and headers (auth included) for one call with one of the provider's keys. {@code stream}
     * matters to providers whose streaming calls use another path (Gemini, Bedrock).
     */
    UpstreamTarget target(ProviderSettings provider, Endpoint endpoint, String upstreamModel, Secret key,
                          boolean stream);

    /** Interprets an error answer; the result's message must not carry anything secret. */
    UpstreamError interpretError(int status, byte[] body);
}
