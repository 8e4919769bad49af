package dev.tollgate.spi.store;

import java.time.Instant;

/**
 * A single-use top-up code as stored: its SHA-256 and a short prefix for display, never the code itself.
 *
 * @param expiresAt  null when the code never expires
 * @param redeemedBy the user whose balance it topped up, once redeemed
 * @param revokedAt  when an admin withdrew it (only unredeemed codes can be)
 */
public record RedemptionCode(String id, String batchId, String hash, String prefix, long amountNanoUsd,
                             Instant createdAt, Instant expiresAt, Instant redeemedAt, String redeemedBy,
                             Instant revokedAt) {
}
