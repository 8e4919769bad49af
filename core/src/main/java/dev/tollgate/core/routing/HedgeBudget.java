package dev.tollgate.core.routing;

import dev.tollgate.spi.Ticker;

/**
 * Bounds hedging per model group: hedged calls in the last minute may be at most a share of the calls, so
 * that a slow upstream cannot make the gateway double its own load. Thread-safe; the check and the count
 * are not one atomic step, so a burst may overshoot by a call or two.
 */
final class HedgeBudget {

    private final MinuteCounter calls;
    private final MinuteCounter hedges;

    HedgeBudget(Ticker ticker) {
        this.calls = new MinuteCounter(ticker);
        this.hedges = new MinuteCounter(ticker);
    }

    void countCall() {
        calls.add();
    }

    boolean tryHedge(int maxPercent) {
        if ((hedges.count() + 1) * 100L > (long) calls.count() * maxPercent) {
            return false;
        }
        hedges.add();
        return true;
    }
}
