package dev.tollgate.core.booking;

import dev.tollgate.spi.UsageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Books usage off the request path, durably. {@link #submit} writes the event to the local {@link UsageSpool}
 * (a write into the page cache, never a wait for the disk or the database, so it is safe on an event loop);
 * {@link SpoolSyncer} forces it to disk at a bounded interval and {@link SpoolDrainer} books it into the
 * database in batches. A killed process loses nothing it had spooled; a database outage only makes the spool
 * grow until it drains.
 *
 * <p>When the spool cannot take an event (at its size cap, or its disk failed to write) the episode is logged
 * once at ERROR and the policy applies: {@link SpoolFullPolicy#FAIL_OPEN} keeps serving and sends events through
 * a bounded in-memory queue straight to the database (counted as unspooled; dropped, and counted, if that queue
 * is full too); {@link SpoolFullPolicy#FAIL_CLOSED} makes {@link #acceptsCalls()} false so new calls are
 * refused until the spool has room, while the calls already in flight still go through the memory queue.
 */
public final class UsageBooker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageBooker.class);
    /** Events held in memory while the spool is full: ~100 MB at worst, minutes of a busy gateway. */
    static final int UNSPOOLED_CAPACITY = 100_000;

    private final UsageSpool spool;
    private final SpoolFullPolicy policy;
    private final BlockingQueue<UsageEvent> unspooled;
    private final SpoolSyncer syncer;
    private final SpoolDrainer drainer;
    private final AtomicBoolean fullEpisode = new AtomicBoolean();
    private final AtomicLong unspooledCount = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    UsageBooker(UsageSink store, UsageSpool spool, SpoolFullPolicy policy, long fsyncMs, int batchSize,
                long maxDelayMs, int unspooledCapacity) {
        this.spool = spool;
        this.policy = policy;
        this.unspooled = new ArrayBlockingQueue<>(unspooledCapacity);
        this.syncer = new SpoolSyncer(spool, fsyncMs).start();
        this.drainer = new SpoolDrainer(spool, store, unspooled, batchSize, maxDelayMs).start();
    }

    /**
     * Opens (recovering) the spool in {@code dir} and starts booking: batches of up to 500, or whatever arrived
     * within 200 ms.
     */
    public static UsageBooker open(UsageSink store, Path dir, long maxBytes, long fsyncMs, SpoolFullPolicy policy) {
        UsageSpool spool = UsageSpool.open(dir, maxBytes);
        return new UsageBooker(store, spool, policy, fsyncMs, 500, 200, UNSPOOLED_CAPACITY);
    }

    /** Records one call's usage. Never blocks; safe on an event loop. */
    public void submit(UsageEvent event) {
        UsageSpool.Append outcome;
        try {
            outcome = spool.append(event);
        } catch (RuntimeException e) { // a bug must not keep the caller from answering its client
            log.error("spooling usage event {} failed", event.requestId(), e);
            outcome = UsageSpool.Append.WRITE_FAILED;
        }
        if (outcome == UsageSpool.Append.SPOOLED) {
            if (fullEpisode.get()) {
                endFullEpisode();
            }
            return;
        }
        if (fullEpisode.compareAndSet(false, true)) {
            log.error("the usage spool cannot take events: {}. Policy usage.on_spool_full={}: {}",
                    spool.fullReason(), policy.configName(), policy == SpoolFullPolicy.FAIL_OPEN
                            ? "calls go on; their usage goes to the database from memory (lost if the process dies)"
                            : "new calls are refused with 503 until the spool has room");
        }
        if (unspooled.offer(event)) {
            unspooledCount.incrementAndGet();
            drainer.wake();
        } else if (dropped.getAndIncrement() == 0) {
            log.error("usage events are being dropped: the spool is full and so is the in-memory queue of {} events"
                    + " (is the database down too?)", UNSPOOLED_CAPACITY);
        }
    }

    private void endFullEpisode() {
        if (fullEpisode.compareAndSet(true, false)) {
            log.info("the usage spool takes events again ({} were kept in memory instead so far)",
                    unspooledCount.get());
        }
    }

    /**
     * False while new calls must be refused: policy {@code fail_closed} and the spool full. Cheap (two volatile
     * reads): asked once per call.
     */
    public boolean acceptsCalls() {
        if (policy == SpoolFullPolicy.FAIL_OPEN || !spool.full()) {
            return true;
        }
        if (!fullEpisode.get()) {
            fullEpisode.set(true);
            log.error("the usage spool is full: {}. Policy usage.on_spool_full=fail_closed: new calls are refused"
                    + " with 503 until it has room", spool.fullReason());
        }
        return false;
    }

    /** Null when the spool takes events; otherwise what is wrong and what the policy does, for readiness. */
    public String spoolProblem() {
        String reason = spool.fullReason();
        if (reason == null) {
            if (fullEpisode.get() && policy == SpoolFullPolicy.FAIL_CLOSED) {
                endFullEpisode(); // no call appended since it filled: room is seen here
            }
            return null;
        }
        return "full (" + reason + "); usage.on_spool_full=" + policy.configName()
                + (policy == SpoolFullPolicy.FAIL_OPEN ? ": usage held in memory" : ": new calls refused");
    }

    public SpoolFullPolicy policy() {
        return policy;
    }

    public boolean spoolFull() {
        return spool.full();
    }

    /** Usage events accepted but not yet booked: in the spool and in memory. */
    public long pending() {
        return drainer.pendingEvents() + unspooled.size() + drainer.unspooledInHand();
    }

    public long pendingSpooledEvents() {
        return drainer.pendingEvents();
    }

    public long pendingSpooledBytes() {
        return drainer.pendingBytes();
    }

    /** Bytes of spool segments on disk, drained records of the current segments included. */
    public long spoolDiskBytes() {
        return spool.diskBytes();
    }

    public double oldestPendingAgeSeconds() {
        return drainer.oldestPendingAgeMs() / 1000.0;
    }

    public long booked() {
        return drainer.booked();
    }

    /** Batches whose booking failed (each is retried). */
    public long failedBatches() {
        return drainer.failedBatches();
    }

    public long spoolWriteFailures() {
        return spool.writeFailures();
    }

    /** Events skipped because the database refused them while it booked others (see the ERROR log). */
    public long rejected() {
        return drainer.rejected();
    }

    /** Events that went to the database from memory because the spool was full. */
    public long unspooled() {
        return unspooledCount.get();
    }

    /** Events lost because the spool and the memory queue were both full. */
    public long dropped() {
        return dropped.get();
    }

    public Path spoolDirectory() {
        return spool.path();
    }

    /**
     * Books what is pending (giving up after a few seconds if the database fails: the spool keeps those events
     * for the next start), forces the spool to disk and closes it. Submissions must have stopped.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        drainer.close();
        syncer.close();
        spool.close();
        long left = drainer.pendingEvents();
        if (left > 0) {
            log.info("{} usage events stay in the spool {} and are booked at the next start", left, spool.path());
        }
    }
}
