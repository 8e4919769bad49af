package dev.tollgate.spi.store;

import java.time.Instant;

/**
 * A provider, model group or price defined through the admin API rather than the configuration file.
 *
 * @param kind {@link #PROVIDER}, {@link #MODEL} or {@link #PRICE} (a price's name is its id, derived from its
 *             scope, model and effective date; its rates are decimal strings, so no JSON reader turns them into
 *             doubles)
 * @param body the entry as JSON in the configuration file's shape (snake_case); secret values are sealed
 *             envelopes, never plaintext
 */
public record ConfigEntry(String kind, String name, String body, Instant createdAt, Instant updatedAt) {

    public static final String PROVIDER = "provider";
    public static final String MODEL = "model";
    public static final String PRICE = "price";
}
