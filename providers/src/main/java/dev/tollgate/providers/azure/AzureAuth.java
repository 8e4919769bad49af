package dev.tollgate.providers.azure;

import dev.tollgate.spi.provider.ProviderSettings;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * How an {@code azure} provider authenticates, from {@code options.auth}: {@code api_key} (the default: the key
 * in the {@code api-key} header), {@code entra} (the key is a Microsoft Entra ID client secret, traded for
 * access tokens with the client-credentials grant; the default once {@code tenant_id} is given) or
 * {@code entra_token} (the key is itself a bearer token, obtained and rotated outside the gateway).
 */
enum AzureAuth {
    API_KEY, ENTRA, ENTRA_TOKEN;

    static final String DEFAULT_SCOPE = "https://cognitiveservices.azure.com/.default";
    static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";

    static AzureAuth of(Map<String, String> options) {
        String auth = options.get("auth");
        if (auth == null || auth.isBlank()) {
            return options.containsKey("tenant_id") ? ENTRA : API_KEY;
        }
        return switch (auth.toLowerCase(Locale.ROOT)) {
            case "api_key" -> API_KEY;
            case "entra" -> ENTRA;
            case "entra_token" -> ENTRA_TOKEN;
            default -> throw new IllegalArgumentException("options.auth: unknown '" + auth
                    + "' (api_key, entra or entra_token)");
        };
    }

    /** Checks the options the mode needs. */
    static void check(ProviderSettings provider) {
        AzureAuth auth = of(provider.options());
        if (auth != ENTRA) {
            return;
        }
        for (String required : new String[] {"tenant_id", "client_id"}) {
            String value = provider.options().get(required);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("options." + required + ": required for Entra ID authentication");
            }
        }
        String tokenUrl = provider.options().get("token_url");
        if (tokenUrl != null) {
            URI uri;
            try {
                uri = URI.create(tokenUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("options.token_url: not a URL");
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("options.token_url: must be an http(s) URL");
            }
        }
    }

    /** {@code options.token_url}, else the public cloud's v2.0 endpoint of the tenant. */
    static URI tokenUrl(Map<String, String> options) {
        String given = options.get("token_url");
        return URI.create(given != null ? given
                : DEFAULT_AUTHORITY + "/" + options.get("tenant_id") + "/oauth2/v2.0/token");
    }

    static String scope(Map<String, String> options) {
        return options.getOrDefault("scope", DEFAULT_SCOPE);
    }
}
