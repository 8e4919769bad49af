package dev.tollgate.spi.store;

import java.time.Instant;

/** What a batch of redemption codes came to: how many were made, redeemed and revoked. */
public record RedemptionBatch(String batchId, long amountNanoUsd, int count, int redeemed, int revoked,
                              Instant createdAt, Instant expiresAt) {
}
