package dev.tollgate.spi.provider;

import dev.tollgate.spi.Secret;

import java.util.List;
import java.util.Map;

/**
 * One configured upstream account: where it lives and the keys to call it with.
 *
 * @param type             the adapter that speaks its protocol ({@code openai}, …)
 * @param baseUrl          the API root, e.g. {@code https://api.openai.com/v1}
 * @param headers          extra headers sent on every call (e.g. an organisation id)
 * @param options          adapter-specific settings (e.g. Azure's {@code api_version})
 * @param connectTimeoutMs time allowed to open a connection
 * @param readTimeoutMs    longest silence allowed while waiting for a byte (first byte or next chunk)
 */
public record ProviderSettings(
        String name,
        String type,
        String baseUrl,
        List<Secret> keys,
        Map<String, String> headers,
        Map<String, String> options,
        int connectTimeoutMs,
        int readTimeoutMs) {

    public ProviderSettings {
        keys = List.copyOf(keys);
        headers = Map.copyOf(headers);
        options = Map.copyOf(options);
    }
}
