package dev.tollgate.limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of the test's own on a free loopback port (no persistence), so that stopping it disturbs no
 * other test. Started again on the same port, it comes back empty, as a restarted cache-only Redis does.
 */
final class OwnRedis implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private OwnRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    static boolean installed() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static OwnRedis start(Path dir) {
        try (ServerSocket s = new ServerSocket(0)) {
            OwnRedis redis = new OwnRedis(s.getLocalPort(), dir);
            s.close();
            redis.startAgain();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void startAgain() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(this::answers);
    }

    /** SIGKILL: the gateways' connections break at once. */
    void stop() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean answers() {
        return "+PONG".equals(command("PING"));
    }

    /** Sends one inline command and returns the first line of the answer. */
    String command(String inline) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2_000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            stop();
        }
    }
}
