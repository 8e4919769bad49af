package dev.tollgate.spi;

/**
 * A monotonic clock in nanoseconds. Injected wherever time decides behaviour (breakers, cooldowns, limits),
 * so tests drive time instead of waiting for it.
 */
@FunctionalInterface
public interface Ticker {

    long nanos();

    static Ticker system() {
        return System::nanoTime;
    }
}
