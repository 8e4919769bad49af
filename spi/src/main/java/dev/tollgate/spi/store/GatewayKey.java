package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A gateway-issued key as stored: never the key itself, only its hash and a short prefix for display.
 *
 * @param allowedModels model names or wildcard patterns ({@code gpt-*}, {@code *}); empty means all models
 * @param teamId        owning team for service keys, or null
 * @param userId        owning user, or null
 */
public record GatewayKey(
        String id,
        String name,
        String hash,
        String prefix,
        List<String> allowedModels,
        String teamId,
        String userId,
        Map<String, String> metadata,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt) {

    public GatewayKey {
        allowedModels = List.copyOf(allowedModels);
        metadata = Map.copyOf(metadata);
    }

    public boolean isActiveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
