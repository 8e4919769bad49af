package dev.tollgate.core.booking;

import dev.tollgate.core.booking.SpoolDirectory.Position;
import dev.tollgate.spi.UsageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The local append-only log of usage events, written before the database sees them. {@link #append} runs on
 * the thread that settles a call (an event loop): it encodes the event into a framed record and writes it
 * with one plain {@code write} into the page cache, which survives the process being killed, in a few
 * microseconds; it never forces the disk. {@link SpoolSyncer} forces dirty segments at a bounded interval,
 * so a power cut loses at most that interval. {@link SpoolDrainer} reads the records back and books them.
 *
 * <p>Segments roll over at a fixed size; a write that fails (e.g. no space left) truncates what it wrote and
 * makes the next write start a new segment, so damage can only ever sit at a segment's end. Opening the spool
 * recovers it: a torn tail (bad length or checksum, e.g. the last record of a killed process that was half
 * written) is cut off and everything before it is pending again. Writers share one short lock (the write
 * itself); the reader never takes it, it reads up to the published {@link #head()}.
 */
public final class UsageSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageSpool.class);
    /** Room the file system must have again before a spool that failed to write tries writing again. */
    private static final long FREE_SPACE_MARGIN = 1024 * 1024;

    /** What happened to an appended event. */
    public enum Append {
        SPOOLED,
        /** The spool is at its size cap. */
        FULL,
        /** The write failed (no space left, I/O error), now or recently and no room has been seen since. */
        WRITE_FAILED
    }

    /** The end of what has been written and may be read: a segment and the offset after its last record. */
    record Head(long segment, long end) {
    }

    private final SpoolDirectory dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final LongSupplier clock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ThreadLocal<UsageEventCodec.Output> scratch =
            ThreadLocal.withInitial(() -> new UsageEventCodec.Output(512));
    private final ConcurrentLinkedQueue<FileChannel> sealed = new ConcurrentLinkedQueue<>();
    private final AtomicLong diskBytes = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final Position recoveredCursor;
    private final long recoveredOldestMillis;

    // guarded by writeLock
    private volatile FileChannel active;
    private long activeSegment;
    private long activeEnd;
    private boolean rollBeforeNextWrite;

    private volatile Head head;
    private volatile long appendedEvents;
    private volatile long appendedBytes;
    private volatile boolean dirty;
    private volatile boolean newSegment;
    private volatile boolean writeFailed;
    private volatile IOException lastWriteError;
    private volatile Runnable onAppend = () -> { };

    private UsageSpool(SpoolDirectory dir, long maxBytes, long segmentBytes, LongSupplier clock, Recovery r) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        this.recoveredCursor = r.cursor;
        this.recoveredOldestMillis = r.oldestMillis;
        this.appendedEvents = r.pendingEvents;
        this.appendedBytes = r.pendingBytes;
        this.diskBytes.set(r.diskBytes);
        this.activeSegment = r.nextSegment;
        this.head = new Head(r.nextSegment, 0);
    }

    /** Opens (and recovers) the spool in {@code dir}, segments of a size suited to the cap. */
    public static UsageSpool open(Path dir, long maxBytes) {
        return open(dir, maxBytes, defaultSegmentBytes(maxBytes), System::currentTimeMillis);
    }

    /**
     * A sixteenth of the cap, between 4 KiB and 64 MiB: drained space is freed a whole segment at a time, and the
     * one being written is never freed, so a segment must be small next to the cap.
     */
    static long defaultSegmentBytes(long maxBytes) {
        return Math.max(4 * 1024, Math.min(64L * 1024 * 1024, maxBytes / 16));
    }

    static UsageSpool open(Path path, long maxBytes, long segmentBytes, LongSupplier clock) {
        SpoolDirectory dir = SpoolDirectory.open(path);
        try {
            return new UsageSpool(dir, maxBytes, segmentBytes, clock, recover(dir));
        } catch (IOException e) {
            dir.close();
            throw new UncheckedIOException("cannot recover the usage spool " + path.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private record Recovery(Position cursor, long nextSegment, long pendingEvents, long pendingBytes,
                            long diskBytes, long oldestMillis) {
    }

    /**
     * Drops segments the cursor has passed, cuts each remaining segment after its last valid record, and counts
     * what is pending. The writer then starts a fresh segment after the last one.
     */
    private static Recovery recover(SpoolDirectory dir) throws IOException {
        Position cursor = dir.readCursor();
        List<Long> segments = dir.segments();
        if (cursor == null) {
            cursor = new Position(segments.isEmpty() ? 0 : segments.getFirst(), 0);
        }
        long events = 0;
        long bytes = 0;
        long disk = 0;
        long oldest = 0;
        Position start = null;
        SpoolFrames.Reader reader = new SpoolFrames.Reader();
        for (long segment : segments) {
            Path file = dir.segment(segment);
            if (segment < cursor.segment()) {
                Files.deleteIfExists(file);
                continue;
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                long from = segment == cursor.segment() ? Math.min(cursor.offset(), size) : 0;
                if (start == null) {
                    start = new Position(segment, from);
                }
                reader.use(ch);
                long at = from;
                UsageEventCodec.Decoded d;
                while ((d = reader.read(at, size)) != null) {
                    if (events == 0) {
                        oldest = d.spooledAtMillis();
                    }
                    events++;
                    at += reader.frameSize(at);
                }
                bytes += at - from;
                if (at < size) {
                    log.warn("usage spool: segment {} ends in {} bytes that are not a whole record (a write cut short);"
                            + " truncated", file.getFileName(), size - at);
                    ch.truncate(at);
                    ch.force(true);
                }
                disk += at;
            }
        }
        long next = segments.isEmpty() ? cursor.segment() : Math.max(segments.getLast() + 1, cursor.segment());
        if (start == null) {
            start = new Position(next, 0);
        }
        if (events > 0) {
            log.info("usage spool {}: {} events ({} bytes) from before the last stop are pending; they will be booked",
                    dir.path().toAbsolutePath(), events, bytes);
        }
        return new Recovery(start, next, events, bytes, disk, oldest);
    }

    /**
     * Writes the event to the spool. Never blocks beyond one write to the page cache (and, every
     * segment, the creation of the next file); never forces the disk. Safe from any thread.
     */
    public Append append(UsageEvent event) {
        if (writeFailed) {
            return Append.WRITE_FAILED;
        }
        UsageEventCodec.Output out = scratch.get();
        out.reset(SpoolFrames.HEADER);
        UsageEventCodec.encode(event, clock.getAsLong(), out);
        SpoolFrames.seal(out);
        int size = out.len;
        writeLock.lock();
        try {
            if (diskBytes.get() + size > maxBytes) {
                return Append.FULL;
            }
            long start = activeEnd;
            try {
                if (active == null || rollBeforeNextWrite || (activeEnd > 0 && activeEnd + size > segmentBytes)) {
                    roll();
                    start = 0;
                }
                ByteBuffer buf = ByteBuffer.wrap(out.buf, 0, size);
                FileChannel ch = active;
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } catch (IOException e) {
                failed(start, e);
                return Append.WRITE_FAILED;
            }
            activeEnd += size;
            diskBytes.addAndGet(size);
            appendedBytes += size;
            appendedEvents++;
            head = new Head(activeSegment, activeEnd);
            dirty = true;
        } finally {
            writeLock.unlock();
        }
        onAppend.run();
        return Append.SPOOLED;
    }

    /** Starts the next segment; the finished one is forced and closed by the syncer. Under the write lock. */
    private void roll() throws IOException {
        rollBeforeNextWrite = false;
        FileChannel previous = active;
        if (previous != null) {
            active = null;
            sealed.add(previous);
            activeSegment++;
        }
        activeEnd = 0;
        head = new Head(activeSegment, 0);
        active = FileChannel.open(dir.segment(activeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (active.size() > 0) { // left by an earlier failed attempt at this sequence number
            active.truncate(0);
        }
        newSegment = true;
    }

    /** A failed write: cut off what it may have written and write the next record into a new segment. */
    private void failed(long start, IOException e) {
        writeFailures.incrementAndGet();
        lastWriteError = e;
        writeFailed = true;
        rollBeforeNextWrite = true;
        FileChannel ch = active;
        if (ch != null) {
            try {
                ch.truncate(start);
            } catch (IOException ignored) {
                // the reader stops at the damaged record, at the end of this segment
            }
            if (!ch.isOpen()) { // closed under us (an interrupted thread): nothing left to seal
                active = null;
                activeSegment++;
                head = new Head(activeSegment, 0);
            }
        }
    }

    /** Forces what was written since the last call, and closes finished segments. The syncer's thread only. */
    void sync() {
        FileChannel ch;
        while ((ch = sealed.peek()) != null) {
            try {
                ch.force(false);
            } catch (IOException e) {
                log.warn("usage spool: forcing a finished segment failed: {}", e.toString());
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a read-write channel after force cannot lose data
            }
            sealed.poll();
        }
        if (dirty) {
            dirty = false;
            FileChannel current = active;
            if (current != null) {
                try {
                    current.force(false);
                } catch (IOException e) {
                    // closed by a roll in the meantime (forced above or on the next round), or a failing disk
                    if (current.isOpen()) {
                        log.warn("usage spool: forcing the active segment failed: {}", e.toString());
                    }
                }
            }
        }
        if (newSegment) {
            newSegment = false;
            dir.syncDirectory();
        }
    }

    /** After a failed write: lets writes try again once the file system has room. The syncer's thread only. */
    void probeRoom() {
        if (!writeFailed) {
            return;
        }
        try {
            if (Files.getFileStore(dir.path()).getUsableSpace() > FREE_SPACE_MARGIN) {
                writeFailed = false;
            }
        } catch (IOException ignored) {
            // still failing: stay failed
        }
    }

    /** True while an append would not reach the disk: at the size cap, or after a failed write. */
    public boolean full() {
        return writeFailed || diskBytes.get() + 1024 > maxBytes;
    }

    /** Why the spool is full, for the log and the readiness answer; null when it is not. */
    public String fullReason() {
        if (writeFailed) {
            IOException e = lastWriteError;
            return "writing to " + dir.path() + " failed" + (e != null ? ": " + e.getMessage() : "");
        }
        if (diskBytes.get() + 1024 > maxBytes) {
            return "the spool holds " + diskBytes.get() + " bytes, at its cap usage.spool_max_bytes=" + maxBytes;
        }
        return null;
    }

    /** Tells the drainer that there is something to read. */
    void onAppend(Runnable wake) {
        this.onAppend = wake;
    }

    Head head() {
        return head;
    }

    SpoolDirectory directory() {
        return dir;
    }

    /** Where draining starts after recovery. */
    Position recoveredCursor() {
        return recoveredCursor;
    }

    /** When the oldest record found at recovery was spooled (epoch ms), 0 if none. */
    long recoveredOldestMillis() {
        return recoveredOldestMillis;
    }

    void segmentDeleted(long bytes) {
        diskBytes.addAndGet(-bytes);
    }

    long appendedEvents() {
        return appendedEvents;
    }

    long appendedBytes() {
        return appendedBytes;
    }

    /** Bytes of segment files on disk (what the cap limits). */
    public long diskBytes() {
        return Math.max(0, diskBytes.get());
    }

    public long writeFailures() {
        return writeFailures.get();
    }

    public Path path() {
        return dir.path();
    }

    long now() {
        return clock.getAsLong();
    }

    /** Forces and closes every segment. Appends must have stopped. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            dirty = true;
            sync();
            FileChannel ch = active;
            active = null;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // forced above
                }
            }
            rollBeforeNextWrite = true;
        } finally {
            writeLock.unlock();
        }
        dir.close();
    }
}
