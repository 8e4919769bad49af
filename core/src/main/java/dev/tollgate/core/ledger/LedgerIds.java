package dev.tollgate.core.ledger;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Ids of credit entries and redemption batches: a type prefix, zero-padded epoch millis and 64 random bits, so
 * they sort by time (the order their lists page in) and cannot be guessed. Thread-safe.
 */
public final class LedgerIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LedgerIds() {
    }

    public static String creditEntry(Instant at) {
        return next("cre", at);
    }

    public static String redemptionBatch(Instant at) {
        return next("rcb", at);
    }

    public static String redemptionCode(Instant at) {
        return next("rc", at);
    }

    private static String next(String prefix, Instant at) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return "%s_%015d_%s".formatted(prefix, at.toEpochMilli(), HexFormat.of().formatHex(random));
    }
}
