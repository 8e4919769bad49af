package dev.tollgate.bench.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Releases the arrivals of an {@link ArrivalSchedule} on time, on one platform thread. Each time it wakes
 * it hands every request that is due to the lanes as one batch per lane, so at 5k RPS the event loops are
 * woken a few thousand times a second rather than once per request.
 *
 * <p>Why a thread and not an event-loop timer: Vert.x timers on the NIO transport have millisecond
 * granularity, which would add up to 1 ms of scheduling slack to every measured latency; a parked thread
 * wakes within tens of microseconds. Lateness of the pacer itself is still measured, because latency is
 * taken from the intended time of each request.
 */
public final class Pacer {

    /** Receives the due requests {@code [fromIndex, toIndex)} that belong to one lane. */
    public interface Dispatch {
        void send(Lane lane, long fromIndex, long toIndex, int laneCount);
    }

    private Pacer() {
    }

    /** Runs the whole schedule on a new thread; returns that thread (join it to wait for the last release). */
    public static Thread start(ArrivalSchedule schedule, LoadClient.Lanes lanes, Dispatch dispatch) {
        return Thread.ofPlatform().name("bench-pacer").daemon().start(() -> run(schedule, lanes, dispatch));
    }

    private static void run(ArrivalSchedule schedule, LoadClient.Lanes lanes, Dispatch dispatch) {
        long total = schedule.count();
        long next = 0;
        while (next < total && !Thread.currentThread().isInterrupted()) {
            long due = schedule.intendedNanos(next);
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            long from = next;
            while (next < total && schedule.intendedNanos(next) <= now) {
                next++;
            }
            for (Lane lane : lanes.all()) {
                long f = from;
                long t = next;
                lane.execute(() -> dispatch.send(lane, f, t, lanes.size()));
            }
        }
    }

    /** The first index in {@code [from, to)} that belongs to {@code lane} when requests are dealt round robin. */
    public static long firstOf(Lane lane, long from, int laneCount) {
        long offset = Math.floorMod(lane.index() - from, (long) laneCount);
        return from + offset;
    }
}
