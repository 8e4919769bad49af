package dev.tollgate.providers.anthropic;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ChatTranslation;
import dev.tollgate.spi.provider.ProviderSettings;
import dev.tollgate.spi.provider.TranslatingAdapter;
import dev.tollgate.spi.provider.UpstreamError;
import dev.tollgate.spi.provider.UpstreamTarget;
import dev.tollgate.spi.provider.WireFormat;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST {base_url}/messages}): Anthropic Messages calls pass through to it as
 * they are, chat completions are translated. Anthropic has no embeddings and no legacy completions.
 * Thread-safe and stateless; each call gets its own {@link AnthropicTranslation} (which, for a call that passes
 * through, only reads the usage).
 */
public final class AnthropicAdapter implements TranslatingAdapter {

    public static final String TYPE = "anthropic";
    /** The {@code anthropic-version} sent unless the provider's headers pin another. */
    public static final String API_VERSION = "2023-06-01";

    private final Clock clock;

    public AnthropicAdapter() {
        this(Clock.systemUTC());
    }

    /** @param clock stamps {@code created} on translated answers, which Anthropic's lack */
    public AnthropicAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.anthropic.com/v1";
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public WireFormat wireFormat() {
        return WireFormat.ANTHROPIC;
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.MESSAGES;
    }

    @Override
    public UpstreamTarget target(ProviderSettings provider, Endpoint endpoint, String upstreamModel, Secret key,
                                 boolean stream) {
        requireChat(endpoint);
        String base = provider.baseUrl();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        Map<String, String> headers = new HashMap<>();
        boolean versionPinned = false;
        for (Map.Entry<String, String> header : provider.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("x-api-key")) {
                continue; // the key comes from the provider's key list, never from extra headers
            }
            versionPinned |= name.equals("anthropic-version");
            headers.put(header.getKey(), header.getValue());
        }
        headers.put("x-api-key", key.reveal());
        if (!versionPinned) {
            headers.put("anthropic-version", API_VERSION);
        }
        return new UpstreamTarget(base + "/messages", headers);
    }

    @Override
    public UpstreamError interpretError(int status, byte[] body) {
        AnthropicErrorBody error = AnthropicErrorBody.parse(body);
        String message = error == null ? null : error.message();
        return switch (status) {
            case 401, 403 -> new UpstreamError(UpstreamError.Kind.AUTHENTICATION, status,
                    "the upstream provider rejected the gateway's credentials");
            case 429 -> new UpstreamError(UpstreamError.Kind.RATE_LIMITED, status,
                    message != null ? message : "the upstream provider is rate limiting requests");
            case 400, 404, 409, 413, 415, 422 -> new UpstreamError(UpstreamError.Kind.INVALID_REQUEST, status,
                    message != null ? message : "the upstream provider rejected the request");
            case 529 -> new UpstreamError(UpstreamError.Kind.UNAVAILABLE, status,
                    "the upstream provider is overloaded");
            default -> new UpstreamError(UpstreamError.Kind.UNAVAILABLE, status,
                    "the upstream provider failed with status " + status);
        };
    }

    @Override
    public ChatTranslation newTranslation(Endpoint endpoint) {
        requireChat(endpoint);
        return new AnthropicTranslation(clock.instant().getEpochSecond());
    }

    private void requireChat(Endpoint endpoint) {
        if (!supports(endpoint)) {
            throw new IllegalArgumentException("the anthropic adapter serves messages and chat completions only, not "
                    + endpoint);
        }
    }
}
