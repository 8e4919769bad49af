package dev.tollgate.core.queue;

/** Runs a task once after a delay (Vert.x timers in the gateway, a fake clock's in tests). */
@FunctionalInterface
public interface Timers {
    void schedule(long delayNanos, Runnable task);
}
