package dev.tollgate.spi.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Money put on (or, for a correction, taken off) a user's prepaid balance. Entries are never changed or
 * deleted: a mistake is corrected by a new {@link Kind#ADJUSTMENT}.
 *
 * @param reference what the entry is about: the redemption code's id, or free text from the admin (an invoice number)
 * @param actor     the admin key or gateway key that made the entry
 */
public record CreditEntry(String id, String userId, long amountNanoUsd, Kind kind, String reference, String actor,
                          Instant createdAt) {

    public enum Kind {
        TOPUP, REDEMPTION, ADJUSTMENT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String name) {
            for (Kind k : values()) {
                if (k.wireName().equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown credit kind: " + name);
        }
    }

    public CreditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
