package dev.tollgate.core.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An exact decimal factor a cost is multiplied by (a pricing group's multiplier times a model's ratio), with the
 * product rounded half-up to a whole nano-USD once. Kept as {@code unscaled / 10^scale} in longs as well, so
 * applying it is two long multiplications and a division, with no allocation; only a product beyond 63 bits goes
 * through {@link BigDecimal}. Immutable.
 */
public final class ChargeFactor {

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    /** Declared after the powers of ten, which building it needs. */
    public static final ChargeFactor ONE = of(BigDecimal.ONE);

    private final BigDecimal value;
    private final boolean one;
    /** False when the factor does not fit {@code long / 10^0..18}; then every charge takes the slow path. */
    private final boolean fits;
    private final long unscaled;
    private final long divisor;

    private ChargeFactor(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() < 0) {
            v = v.setScale(0);
        }
        this.value = v;
        this.one = v.compareTo(BigDecimal.ONE) == 0;
        BigInteger u = v.unscaledValue();
        this.fits = v.scale() < POWERS_OF_TEN.length && u.bitLength() < 63;
        this.unscaled = fits ? u.longValue() : 0;
        this.divisor = fits ? POWERS_OF_TEN[v.scale()] : 1;
    }

    public static ChargeFactor of(BigDecimal value) {
        return new ChargeFactor(value);
    }

    /** The factor of {@code this} times {@code other}, exactly. */
    public ChargeFactor times(BigDecimal other) {
        return new ChargeFactor(value.multiply(other));
    }

    public BigDecimal value() {
        return value;
    }

    /**
     * {@code costNanoUsd × this}, rounded half-up (ties away from zero) to a whole nano-USD; a result beyond a long
     * (more than 9.2 billion dollars) is clamped to it.
     */
    public long apply(long costNanoUsd) {
        if (one) {
            return costNanoUsd;
        }
        if (fits) {
            long low = costNanoUsd * unscaled;
            long high = Math.multiplyHigh(costNanoUsd, unscaled);
            if (high == (low >> 63)) { // the product fits in a long
                long quotient = low / divisor;
                long remainder = Math.abs(low % divisor);
                if (remainder >= divisor - remainder) { // remainder ≥ divisor / 2, without overflow
                    quotient += Long.signum(low);
                }
                return quotient;
            }
        }
        BigDecimal exact = BigDecimal.valueOf(costNanoUsd).multiply(value).setScale(0, RoundingMode.HALF_UP);
        // beyond 9.2 billion dollars for one call: saturate rather than fail the call's settlement
        return exact.unscaledValue().bitLength() < 64 ? exact.longValue() : exact.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    @Override
    public String toString() {
        return value.toPlainString();
    }
}
