package dev.tollgate.core.queue;

/**
 * Calls waiting for a capped model group's capacity. {@link FairQueue} is the in-process implementation (each
 * node grants its own routing state's slots, which are per node too). Thread-safe.
 */
public interface CapacityQueue {

    /** Queues the waiter, or refuses it (false) when the group already has {@code maxDepth} waiting. */
    boolean enqueue(Waiter waiter, int maxDepth);

    /** Takes the waiter out if it is still waiting (timeout, client gone); false if it was already granted. */
    boolean leave(Waiter waiter);

    /** Capacity of the group may have freed (a call ended): grant waiters while they can be served. */
    void capacityFreed(String group);

    /** Whether calls of the group are waiting (a new call then queues behind them rather than overtaking). */
    boolean hasWaiters(String group);

    int depth(String group);
}
