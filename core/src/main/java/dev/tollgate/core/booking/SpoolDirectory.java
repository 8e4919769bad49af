package dev.tollgate.core.booking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The spool's files: segments {@code usage-<sequence>.seg} (sequence numbers only grow), the drain cursor
 * {@code cursor} and {@code spool.lock}, held for the life of the process so that two gateways never share
 * one spool (each would book and delete the other's records).
 */
final class SpoolDirectory implements AutoCloseable {

    private static final Pattern SEGMENT = Pattern.compile("usage-(\\d{16})\\.seg");

    /** Where draining resumes: a segment and a byte offset in it. */
    record Position(long segment, long offset) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            return segment != o.segment ? Long.compare(segment, o.segment) : Long.compare(offset, o.offset);
        }
    }

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private SpoolDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static SpoolDirectory open(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve("spool.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("the usage spool " + dir.toAbsolutePath()
                        + " is in use by another gateway; give each gateway its own usage.spool_dir");
            }
            return new SpoolDirectory(dir, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage spool " + dir.toAbsolutePath(), e);
        }
    }

    Path path() {
        return dir;
    }

    Path segment(long sequence) {
        return dir.resolve(String.format("usage-%016d.seg", sequence));
    }

    /** Sequence numbers of the segments present, ascending. */
    List<Long> segments() throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(Long.parseLong(m.group(1)));
                }
            });
        }
        out.sort(null);
        return out;
    }

    /** The size of a segment, 0 if it is gone. */
    long size(long sequence) {
        try {
            return Files.size(segment(sequence));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The persisted cursor, or null when there is none (or it is damaged: draining then starts over). */
    Position readCursor() {
        try {
            byte[] b = Files.readAllBytes(dir.resolve("cursor"));
            if (b.length != 20) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(b);
            long segment = in.getLong();
            long offset = in.getLong();
            CRC32C crc = new CRC32C();
            crc.update(b, 0, 16);
            return in.getInt() == (int) crc.getValue() && segment >= 0 && offset >= 0
                    ? new Position(segment, offset) : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the cursor by rename, so a crash leaves the old one or the new one. Not fsynced: a cursor lost
     * in a power cut only makes records be booked again, which booking ignores (idempotent by request id).
     */
    void writeCursor(Position p) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(20);
        out.putLong(p.segment()).putLong(p.offset());
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, 16);
        out.putInt((int) crc.getValue());
        Path next = dir.resolve("cursor.next");
        Files.write(next, out.array());
        Files.move(next, dir.resolve("cursor"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes created and deleted file names durable (a new segment must survive a power cut with its data). */
    void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a directory; the file data itself is still forced
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the process is stopping; the OS releases the lock anyway
        }
    }
}
