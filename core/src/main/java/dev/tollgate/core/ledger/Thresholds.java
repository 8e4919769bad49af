package dev.tollgate.core.ledger;

/** Alert thresholds as amounts: how many of them a spend has reached. */
final class Thresholds {

    private Thresholds() {
    }

    /** The number of thresholds (ascending) at or below {@code spent}. */
    static int reached(long[] thresholds, long spent) {
        int n = 0;
        while (n < thresholds.length && spent >= thresholds[n]) {
            n++;
        }
        return n;
    }

    /** {@code percent}% of {@code amount}, rounded up so that an alert never fires below its percentage. */
    static long amount(long amount, int percent) {
        return java.math.BigInteger.valueOf(amount).multiply(java.math.BigInteger.valueOf(percent))
                .add(java.math.BigInteger.valueOf(99)).divide(java.math.BigInteger.valueOf(100)).longValueExact();
    }
}
