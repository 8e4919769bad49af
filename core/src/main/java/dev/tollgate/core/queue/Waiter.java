package dev.tollgate.core.queue;

import dev.tollgate.core.routing.Route;

/**
 * A call waiting in the capacity queue. The queue calls {@link #tryAcquire()} under its lock, from whichever
 * thread freed capacity, and {@link #granted(Route)} outside it; the waiter hands the route to its own event
 * loop.
 */
public abstract class Waiter {

    final String group;
    final String tenant;
    final int weight;
    final int priority;
    final long enqueuedNanos;
    /** Weighted-fair-queueing finish tag, set by the queue. */
    double tag;

    protected Waiter(String group, String tenant, int weight, int priority, long enqueuedNanos) {
        this.group = group;
        this.tenant = tenant;
        this.weight = Math.max(1, weight);
        this.priority = priority;
        this.enqueuedNanos = enqueuedNanos;
    }

    /** Takes a deployment slot if one is free now (the router's choice); null if none. Must not block. */
    protected abstract Route tryAcquire();

    /** The slot is this waiter's: start the call (on its own event loop), or release it if the call is over. */
    protected abstract void granted(Route route);

    /** How long until a rolling rpm/tpm window of the group frees capacity; {@code Long.MAX_VALUE}: unknown. */
    protected abstract long nanosUntilWindowRolls();

    public String tenant() {
        return tenant;
    }

    public long enqueuedNanos() {
        return enqueuedNanos;
    }
}
