package dev.tollgate.server.export;

import dev.tollgate.spi.UsageEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Usage events appended to a newline-delimited JSON file, one event a line, for a log shipper (Vector, Fluent Bit,
 * the Datadog agent) to tail. Before a line would take the file past {@code maxBytes} it is rotated: {@code path}
 * becomes {@code path.1}, {@code path.1} becomes {@code path.2}, …, and the oldest beyond {@code maxFiles} is
 * deleted. Each batch is flushed once written (not forced to disk: the spool already keeps the events durable,
 * and replays after a crash are possible, see {@link SinkWorker}).
 */
final class FileSink implements EventSink {

    private final Path path;
    private final long maxBytes;
    private final int maxFiles;
    private OutputStream out;
    private long size;

    FileSink(Path path, long maxBytes, int maxFiles) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
    }

    @Override
    public void deliver(List<UsageEvent> batch) throws IOException {
        if (out == null) {
            open();
        }
        for (UsageEvent e : batch) {
            byte[] line = EventJson.lines(List.of(e));
            if (size > 0 && size + line.length > maxBytes) {
                out.flush();
                rotate();
            }
            out.write(line);
            size += line.length;
        }
        out.flush();
    }

    private void open() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = new java.io.BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), 64 * 1024);
        size = Files.size(path);
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        Files.deleteIfExists(numbered(maxFiles));
        for (int i = maxFiles - 1; i >= 1; i--) {
            if (Files.exists(numbered(i))) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path numbered(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // nothing left to do: every batch was flushed when written
        }
    }
}
