package dev.tollgate.core.routing;

import dev.tollgate.spi.Ticker;

/**
 * The state of one upstream key of one provider, across all its deployments: quarantined after the upstream
 * rejected it (401/403), so that it is not used again until {@link #QUARANTINE_NANOS} pass. (Rate limits are
 * per deployment: {@link DeploymentHealth}.) Thread-safe.
 */
public final class KeyHealth {

    /** A rejected key is tried again after this long, in case the rejection was the provider's mistake. */
    static final long QUARANTINE_NANOS = 10 * 60 * 1_000_000_000L;

    private final Ticker ticker;
    private volatile long unusableUntilNanos;

    KeyHealth(Ticker ticker) {
        this.ticker = ticker;
        this.unusableUntilNanos = ticker.nanos();
    }

    public boolean isUsable() {
        return ticker.nanos() - unusableUntilNanos >= 0;
    }

    long nanosUntilUsable() {
        return Math.max(0, unusableUntilNanos - ticker.nanos());
    }

    private void coolDown(long nanos) {
        long until = ticker.nanos() + nanos;
        if (until - unusableUntilNanos > 0) {
            unusableUntilNanos = until;
        }
    }

    void quarantine() {
        coolDown(QUARANTINE_NANOS);
    }
}
