package dev.tollgate.core.metering;

/** USD per one million tokens, by kind. */
public record Price(double input, double cachedInput, double output) {

    public static final Price FREE = new Price(0, 0, 0);
}
