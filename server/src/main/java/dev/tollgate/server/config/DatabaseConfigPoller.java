package dev.tollgate.server.config;

import dev.tollgate.core.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings admin API changes made on any node to this one: polls the database's configuration version (one
 * indexed single-row read) and rebuilds the configuration when it moved. A poll period well under a second keeps
 * "every node within 1 s" without a message bus. Runs on its own daemon thread, never an event loop.
 */
public final class DatabaseConfigPoller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfigPoller.class);

    private final ConfigSources sources;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tollgate-config-poll");
        t.setDaemon(true);
        return t;
    });
    private long seen;

    /** @param seen the version the running configuration was built from */
    public DatabaseConfigPoller(ConfigSources sources, long seen) {
        this.sources = sources;
        this.seen = seen;
    }

    public DatabaseConfigPoller start(long periodMs) {
        timer.scheduleWithFixedDelay(this::check, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Looks now (on the poller's thread) rather than at the next poll: another node announced a change. */
    public void nudge() {
        try {
            timer.execute(this::check);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // stopping
        }
    }

    void check() {
        long now;
        try {
            now = sources.store().version();
        } catch (RuntimeException e) {
            log.warn("could not read the configuration version, keeping the running configuration: {}", e.getMessage());
            return;
        }
        if (now == seen) {
            return;
        }
        // recorded before rebuilding: a change that cannot be applied is reported once, not every poll
        seen = now;
        try {
            sources.databaseChanged();
            log.info("configuration rebuilt from the file and database version {}", now);
        } catch (ConfigException e) {
            log.warn("database configuration change rejected, the running configuration stays: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("database configuration change could not be applied, the running configuration stays", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
