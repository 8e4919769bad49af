package dev.tollgate.core.booking;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.locks.LockSupport;

/**
 * The thread {@code tollgate-usage-fsync}: forces the spool's dirty segments to disk every
 * {@code usage.spool_fsync_ms}, so the event loops that append never wait for the disk and a power cut loses at
 * most that interval of calls (a killed process loses nothing: its writes are in the page cache). Once a second
 * it also checks whether a spool whose write failed has room again. Never interrupted: an interrupt would close
 * the spool's channels.
 */
final class SpoolSyncer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolSyncer.class);
    private static final long PROBE_EVERY_NANOS = 1_000_000_000L;

    private final UsageSpool spool;
    private final long intervalNanos;
    private final Thread thread;
    private volatile boolean stopping;

    SpoolSyncer(UsageSpool spool, long intervalMs) {
        this.spool = spool;
        this.intervalNanos = Math.max(1, intervalMs) * 1_000_000L;
        this.thread = new Thread(this::run, "tollgate-usage-fsync");
        this.thread.setDaemon(true);
    }

    SpoolSyncer start() {
        thread.start();
        return this;
    }

    private void run() {
        long lastProbe = System.nanoTime();
        while (!stopping) {
            LockSupport.parkNanos(intervalNanos);
            try {
                spool.sync();
                if (System.nanoTime() - lastProbe > PROBE_EVERY_NANOS) {
                    lastProbe = System.nanoTime();
                    spool.probeRoom();
                }
            } catch (RuntimeException e) {
                log.warn("usage spool: sync failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
