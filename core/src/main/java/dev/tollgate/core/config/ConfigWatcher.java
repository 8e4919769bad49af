package dev.tollgate.core.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reloads the configuration file when its content changes. Polling the content digest (rather than a
 * file-system watch) survives editors that replace the file and mounted ConfigMaps that swap symlinks.
 * A file that fails validation is rejected with a log line and the running configuration stays. New
 * content is applied only once two polls in a row read it the same: a file rewritten in place can be read
 * half-written, and a prefix cut at a line end is often valid YAML that silently drops models.
 * Runs on its own daemon thread.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final Parser parser;
    private final Consumer<GatewayConfig> onChange;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tollgate-config-watch");
        t.setDaemon(true);
        return t;
    });
    private byte[] lastDigest;
    /** Content seen changed once and waiting to be seen again unchanged. */
    private byte[] pendingDigest;

    /** Turns the file's text into a configuration; throws {@link ConfigException} when it is not valid. */
    @FunctionalInterface
    public interface Parser {
        GatewayConfig parse(String text, String source);
    }

    public ConfigWatcher(Path file, ConfigLoader loader, Consumer<GatewayConfig> onChange) {
        this(file, loader::parse, onChange);
    }

    /** @param parser e.g. one that merges the file with entries from the database */
    public ConfigWatcher(Path file, Parser parser, Consumer<GatewayConfig> onChange) {
        this.file = file;
        this.parser = parser;
        this.onChange = onChange;
        this.lastDigest = digest();
    }

    public ConfigWatcher start(long periodMs) {
        timer.scheduleWithFixedDelay(this::check, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Checks once; visible for tests that drive the watcher without waiting for the timer. */
    void check() {
        byte[] content = read();
        byte[] now = content == null ? null : digest(content);
        if (now == null || Arrays.equals(now, lastDigest)) {
            pendingDigest = null;
            return;
        }
        if (!Arrays.equals(now, pendingDigest)) {
            pendingDigest = now; // applied at the next poll if it still reads the same
            return;
        }
        pendingDigest = null;
        lastDigest = now;
        try {
            GatewayConfig next = parser.parse(new String(content, java.nio.charset.StandardCharsets.UTF_8),
                    file.toString());
            onChange.accept(next);
            log.info("configuration reloaded from {}", file);
        } catch (ConfigException e) {
            log.warn("configuration change rejected, the running configuration stays: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("configuration change could not be applied, the running configuration stays", e);
        }
    }

    private byte[] digest() {
        byte[] content = read();
        return content == null ? null : digest(content);
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
