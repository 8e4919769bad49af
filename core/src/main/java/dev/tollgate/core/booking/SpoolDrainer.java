package dev.tollgate.core.booking;

import dev.tollgate.core.booking.SpoolDirectory.Position;
import dev.tollgate.spi.UsageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread {@code tollgate-usage-writer}: reads spooled records from the persisted cursor and books them in
 * batches (up to {@code batchSize}; whatever is there when it wakes, woken by appends or every
 * {@code maxDelayMs}), then moves the cursor past them, persists it and deletes segments it has left behind.
 * A failed batch is kept and retried with backoff (100 ms doubling to 5 s) while the database is down; the
 * spool grows meanwhile. Booking is idempotent by request id, so a batch booked twice (a crash between
 * booking and persisting the cursor) books nothing twice. Events that could not be spooled (the spool full,
 * policy {@code fail_open}) come through an in-memory queue and are booked the same way, first.
 */
final class SpoolDrainer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolDrainer.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    /** How long a stopping gateway keeps retrying a failing database before leaving the rest in the spool. */
    private static final long STOP_RETRY_MS = 3_000;
    /** Failures in a row after which a batch is tried event by event, in case one event is the cause. */
    private static final int POISON_CHECK_AFTER = 3;

    private final UsageSpool spool;
    private final SpoolDirectory dir;
    private final UsageSink store;
    private final BlockingQueue<UsageEvent> unspooled;
    private final int batchSize;
    private final long maxDelayNanos;
    private final SpoolFrames.Reader reader = new SpoolFrames.Reader();
    private final Thread thread;

    // the drainer thread's own
    private Position position;
    private Position persisted;
    private long firstUndeleted;
    private FileChannel channel;
    private long channelSegment = -1;
    private long sealedSize = -1;

    private volatile boolean idle;
    private volatile boolean stopping;
    private volatile long stopRequestedAt;
    private volatile long drainedEvents;
    private volatile long drainedBytes;
    private volatile long booked;
    private volatile long failedBatches;
    private volatile long rejected;
    private volatile long oldestPendingMillis;
    /** Unspooled events taken from the memory queue and not yet booked. */
    private volatile int unspooledInHand;

    SpoolDrainer(UsageSpool spool, UsageSink store, BlockingQueue<UsageEvent> unspooled, int batchSize,
                 long maxDelayMs) {
        this.spool = spool;
        this.dir = spool.directory();
        this.store = store;
        this.unspooled = unspooled;
        this.batchSize = batchSize;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
        this.position = spool.recoveredCursor();
        this.persisted = position;
        this.firstUndeleted = position.segment();
        this.oldestPendingMillis = spool.recoveredOldestMillis();
        this.thread = new Thread(this::run, "tollgate-usage-writer");
        this.thread.setDaemon(true);
        spool.onAppend(this::wake);
    }

    SpoolDrainer start() {
        thread.start();
        return this;
    }

    /** Called after every append: unparks the drainer only when it waits for work (one volatile read otherwise). */
    void wake() {
        if (idle) {
            idle = false;
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        List<UsageEvent> batch = new ArrayList<>(batchSize);
        boolean fromSpool = false;
        long batchBytes = 0;
        Position batchEnd = position;
        long backoffMs = MIN_BACKOFF_MS;
        int failuresInRow = 0;
        while (true) {
            if (batch.isEmpty()) {
                fromSpool = unspooled.drainTo(batch, batchSize) == 0;
                unspooledInHand = fromSpool ? 0 : batch.size();
                if (fromSpool) {
                    batchBytes = read(batch);
                    batchEnd = position;
                    if (batch.isEmpty()) {
                        if (!position.equals(persisted)) {
                            advance(position); // only empty or damaged segment ends were passed
                        }
                        if (stopping) {
                            return;
                        }
                        idle = true;
                        if (!hasWork()) {
                            LockSupport.parkNanos(maxDelayNanos);
                        }
                        idle = false;
                        continue;
                    }
                }
            }
            boolean done;
            try {
                store.book(batch);
                booked += batch.size();
                done = true;
            } catch (RuntimeException e) {
                failedBatches++;
                failuresInRow++;
                if (failuresInRow == 1) {
                    log.warn("booking {} usage events failed; they stay spooled and are retried (every {} ms at most): {}",
                            batch.size(), MAX_BACKOFF_MS, e.getMessage());
                } else {
                    log.debug("booking usage events failed again ({} times in a row): {}", failuresInRow, e.getMessage());
                }
                done = failuresInRow >= POISON_CHECK_AFTER && batch.size() > 1 && bookOneByOne(batch);
                if (!done) {
                    if (stopping && System.nanoTime() - stopRequestedAt > TimeUnit.MILLISECONDS.toNanos(STOP_RETRY_MS)) {
                        if (!fromSpool) {
                            log.error("{} unspooled usage events were not booked at shutdown and are lost",
                                    batch.size() + unspooled.size());
                        }
                        return;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs));
                    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
                    continue;
                }
            }
            unspooledInHand = 0;
            if (fromSpool) {
                drainedEvents += batch.size();
                drainedBytes += batchBytes;
                advance(batchEnd);
                if (pendingEvents() == 0) {
                    oldestPendingMillis = 0;
                }
            }
            if (failuresInRow > 0) {
                log.info("booking usage works again after {} failed attempts; {} events still pending",
                        failuresInRow, pendingEvents());
            }
            failuresInRow = 0;
            backoffMs = MIN_BACKOFF_MS;
            batch.clear();
        }
    }

    /**
     * A batch that keeps failing may hold one event the database refuses (not an outage): booked one at a time,
     * the others go in and the refused ones are logged and skipped, so they cannot hold up booking for good.
     *
     * @return true when the batch is done with; false when every event failed (the database is down)
     */
    private boolean bookOneByOne(List<UsageEvent> batch) {
        List<String> refused = new ArrayList<>();
        int ok = 0;
        for (UsageEvent e : batch) {
            try {
                store.book(List.of(e));
                ok++;
            } catch (RuntimeException x) {
                refused.add(e.requestId());
            }
        }
        if (ok == 0) {
            return false;
        }
        booked += ok;
        if (!refused.isEmpty()) {
            rejected += refused.size();
            log.error("the database refuses {} usage events while it books others; they are skipped: {}",
                    refused.size(), refused);
        }
        return true;
    }

    private boolean hasWork() {
        UsageSpool.Head h = spool.head();
        return !unspooled.isEmpty() || stopping || h.segment() > position.segment() || h.end() > position.offset();
    }

    /** Reads up to a batch of records from {@link #position}, moving it; returns the bytes read. */
    private long read(List<UsageEvent> batch) {
        long bytes = 0;
        try {
            while (batch.size() < batchSize) {
                UsageSpool.Head head = spool.head();
                long segment = position.segment();
                if (segment > head.segment()) {
                    break;
                }
                boolean sealed = segment < head.segment();
                if (!openSegment(segment)) {
                    if (sealed) {
                        position = new Position(segment + 1, 0); // never created (a failed roll-over)
                        continue;
                    }
                    break;
                }
                long limit;
                if (sealed) {
                    if (sealedSize < 0) {
                        sealedSize = channel.size(); // final: the writer moved on under its lock
                    }
                    limit = sealedSize;
                } else {
                    limit = head.end();
                }
                UsageEventCodec.Decoded d = reader.read(position.offset(), limit);
                if (d == null) {
                    if (!sealed) {
                        break; // caught up with the writer
                    }
                    if (position.offset() < limit) {
                        log.warn("usage spool: {} bytes at the end of segment {} are not a whole record; skipped",
                                limit - position.offset(), segment);
                    }
                    position = new Position(segment + 1, 0);
                    continue;
                }
                int size = reader.frameSize(position.offset());
                if (batch.isEmpty()) {
                    oldestPendingMillis = d.spooledAtMillis();
                }
                batch.add(d.event());
                bytes += size;
                position = new Position(segment, position.offset() + size);
            }
        } catch (IOException e) {
            log.warn("usage spool: reading segment {} failed: {}", position.segment(), e.toString());
            closeChannel();
        }
        return bytes;
    }

    private boolean openSegment(long segment) throws IOException {
        if (channelSegment == segment && channel != null) {
            return true;
        }
        closeChannel();
        try {
            channel = FileChannel.open(dir.segment(segment), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        channelSegment = segment;
        sealedSize = -1;
        reader.use(channel);
        return true;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
        channel = null;
        channelSegment = -1;
    }

    /** Persists the cursor at {@code to} and deletes the segments before it. */
    private void advance(Position to) {
        try {
            dir.writeCursor(to);
            persisted = to;
        } catch (IOException e) {
            log.warn("usage spool: persisting the cursor failed (the records since the last one may be booked again"
                    + " after a restart, which is harmless): {}", e.toString());
            return;
        }
        while (firstUndeleted < to.segment()) {
            long segment = firstUndeleted;
            if (segment == channelSegment) {
                closeChannel();
            }
            long size = dir.size(segment);
            try {
                Files.deleteIfExists(dir.segment(segment));
                spool.segmentDeleted(size);
            } catch (IOException e) {
                log.warn("usage spool: deleting drained segment {} failed: {}", segment, e.toString());
            }
            firstUndeleted++;
        }
    }

    long pendingEvents() {
        return Math.max(0, spool.appendedEvents() - drainedEvents);
    }

    int unspooledInHand() {
        return unspooledInHand;
    }

    long pendingBytes() {
        return Math.max(0, spool.appendedBytes() - drainedBytes);
    }

    /** Age of the oldest spooled event not yet booked, in milliseconds; 0 when none is pending. */
    long oldestPendingAgeMs() {
        long oldest = oldestPendingMillis;
        return oldest == 0 || pendingEvents() == 0 ? 0 : Math.max(0, spool.now() - oldest);
    }

    long booked() {
        return booked;
    }

    long failedBatches() {
        return failedBatches;
    }

    /** Events skipped because the database refused them (while booking others). */
    long rejected() {
        return rejected;
    }

    /**
     * Stops after booking what is pending; while the database fails, gives up after a few seconds and leaves the
     * rest in the spool for the next start.
     */
    @Override
    public void close() {
        stopRequestedAt = System.nanoTime();
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeChannel();
    }
}
