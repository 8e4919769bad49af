package dev.tollgate.spi.store;

import java.time.Instant;

/**
 * A provider or model group defined through the admin API rather than the configuration file.
 *
 * @param kind {@link #PROVIDER} or {@link #MODEL}
 * @param body the entry as JSON in the configuration file's shape (snake_case); secret values are sealed
 *             envelopes, never plaintext
 */
public record ConfigEntry(String kind, String name, String body, Instant createdAt, Instant updatedAt) {

    public static final String PROVIDER = "provider";
    public static final String MODEL = "model";
}
