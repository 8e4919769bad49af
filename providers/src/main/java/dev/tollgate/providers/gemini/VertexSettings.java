package dev.tollgate.providers.gemini;

import dev.tollgate.providers.auth.GoogleServiceAccount;
import dev.tollgate.spi.Secret;
import dev.tollgate.spi.provider.ProviderSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks and completes a {@code vertex} provider's settings as the configuration loads: {@code options.project}
 * and {@code options.location} are required, the service-account key comes from {@code keys} or from the file
 * {@code options.credentials_file} (not both), every key must parse as one, and a {@code base_url} left out
 * becomes the location's endpoint.
 */
final class VertexSettings {

    /** Google's documented regional host shape; {@code global} has a host of its own. */
    static final String DEFAULT_BASE_URL = "https://{location}-aiplatform.googleapis.com/v1";
    static final String GLOBAL_BASE_URL = "https://aiplatform.googleapis.com/v1";

    private static final Pattern LOCATION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private VertexSettings() {
    }

    static ProviderSettings resolve(ProviderSettings provider) {
        String project = provider.options().get("project");
        if (project == null || project.isBlank()) {
            throw new IllegalArgumentException("options.project: required for type 'vertex' (the Google Cloud project id)");
        }
        String location = provider.options().get("location");
        if (location == null || !LOCATION.matcher(location).matches()) {
            throw new IllegalArgumentException("options.location: required for type 'vertex', a region such as "
                    + "us-central1, or global");
        }
        List<Secret> keys = provider.keys();
        String file = provider.options().get("credentials_file");
        if (file != null && !file.isBlank()) {
            if (!keys.isEmpty()) {
                throw new IllegalArgumentException("options.credentials_file: give the service-account key either "
                        + "in keys or in credentials_file, not both");
            }
            keys = List.of(new Secret(read(file)));
        }
        for (int i = 0; i < keys.size(); i++) {
            try {
                GoogleServiceAccount.parse(keys.get(i).reveal());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((file != null && !file.isBlank() ? "options.credentials_file"
                        : "keys[" + i + "]") + ": " + e.getMessage());
            }
        }
        String baseUrl = provider.baseUrl();
        if (baseUrl == null || baseUrl.equals(DEFAULT_BASE_URL)) {
            baseUrl = location.equals("global") ? GLOBAL_BASE_URL : DEFAULT_BASE_URL.replace("{location}", location);
        }
        return new ProviderSettings(provider.name(), provider.type(), baseUrl, keys, provider.headers(),
                provider.options(), provider.connectTimeoutMs(), provider.readTimeoutMs());
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("options.credentials_file: cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
