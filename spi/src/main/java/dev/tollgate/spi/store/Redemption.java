package dev.tollgate.spi.store;

/**
 * The outcome of redeeming a code: the credit entry it made, or why it made none.
 *
 * @param credit the entry on the redeemer's balance; null unless {@link Outcome#REDEEMED}
 */
public record Redemption(Outcome outcome, CreditEntry credit) {

    public enum Outcome {
        REDEEMED, UNKNOWN, ALREADY_REDEEMED, EXPIRED, REVOKED
    }

    public static Redemption refused(Outcome why) {
        return new Redemption(why, null);
    }
}
