package dev.tollgate.spi.provider;

import dev.tollgate.spi.Secret;

import java.util.Map;

/**
 * An adapter whose requests are signed over their content (AWS SigV4 for Bedrock): the gateway asks for
 * the signature headers once the body is final. Pure: the signing time comes from the caller.
 */
public interface SigningAdapter extends ProviderAdapter {

    /**
     * Headers to add to the request (e.g. {@code authorization}, {@code x-amz-date}); {@code target} is what
     * {@link #target} returned for the same call.
     */
    Map<String, String> sign(ProviderSettings provider, UpstreamTarget target, byte[] body, Secret key,
                             java.time.Instant now);
}
