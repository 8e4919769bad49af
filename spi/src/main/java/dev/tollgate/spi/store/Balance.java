package dev.tollgate.spi.store;

/**
 * A user's prepaid position from the database: what was put on the balance and what booked calls were charged.
 * Calls in flight (reserved, not yet booked) are not in it.
 */
public record Balance(String userId, long creditsNanoUsd, long chargedNanoUsd) {

    public long balanceNanoUsd() {
        return creditsNanoUsd - chargedNanoUsd;
    }
}
