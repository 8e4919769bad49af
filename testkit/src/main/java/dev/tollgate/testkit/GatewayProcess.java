package dev.tollgate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in a JVM of its own, as {@code ./tollgate run} starts it, so that a test can kill it with SIGKILL
 * and start it again on the same files. The process runs in a working directory (its {@code data/} lives there),
 * with a configuration text written to {@code tollgate.yaml} in it, the test JVM's class path and this JVM's
 * {@code java}; its output goes to {@code gateway.log} there. It listens on the port the configuration or
 * {@link Spec#port} says (0: a free one, read back from its start-up line) and counts as started once
 * {@code /health/ready} answers 200.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Tollgate listening on http://[^:\\s]+:(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * What to run.
     *
     * @param workDir the working directory (created if missing); {@code data/} and the log live there
     * @param config  the configuration file's text
     * @param env     environment variables added to this JVM's (TOLLGATE_ADMIN_KEY and TOLLGATE_SECRET_KEY default
     *                to {@link GatewayHarness}'s)
     * @param port    {@code --port}: 0 for a free one, null for the configuration's
     * @param jvmArgs extra JVM options (heap size, system properties)
     */
    public record Spec(Path workDir, String config, Map<String, String> env, Integer port, List<String> jvmArgs) {
        public Spec {
            env = Map.copyOf(env);
            jvmArgs = List.copyOf(jvmArgs);
        }

        public static Spec of(Path workDir, String config) {
            return new Spec(workDir, config, Map.of(), 0, List.of());
        }

        public Spec withEnv(Map<String, String> more) {
            Map<String, String> merged = new HashMap<>(env);
            merged.putAll(more);
            return new Spec(workDir, config, merged, port, jvmArgs);
        }
    }

    private final Spec spec;
    private final Process process;
    private final Path log;
    private final long logStart;
    private int port;

    private GatewayProcess(Spec spec, Process process, Path log, long logStart) {
        this.spec = spec;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /** Starts the gateway and waits (up to {@code timeout}) until it is ready. */
    public static GatewayProcess start(Spec spec, Duration timeout) {
        try {
            Files.createDirectories(spec.workDir());
            Path config = spec.workDir().resolve("tollgate.yaml");
            Files.writeString(config, spec.config());
            Path log = spec.workDir().resolve("gateway.log");
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("-XX:+UseSerialGC");
            command.add("-Xshare:auto");
            command.addAll(spec.jvmArgs());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("dev.tollgate.server.Main");
            command.add("run");
            command.add("--config");
            command.add(config.toString());
            if (spec.port() != null) {
                command.add("--port");
                command.add(Integer.toString(spec.port()));
            }
            ProcessBuilder pb = new ProcessBuilder(command).directory(spec.workDir().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("TOLLGATE_ADMIN_KEY", GatewayHarness.ADMIN_KEY);
            pb.environment().put("TOLLGATE_SECRET_KEY", GatewayHarness.SECRET_KEY);
            pb.environment().putAll(spec.env());
            GatewayProcess gp = new GatewayProcess(spec, pb.start(), log, logStart);
            gp.awaitReady(timeout);
            return gp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new process on the same working directory, configuration and environment (after {@link #kill}). */
    public GatewayProcess restart(Duration timeout) {
        if (process.isAlive()) {
            throw new IllegalStateException("the gateway process " + process.pid() + " still runs");
        }
        return start(spec, timeout);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + ":\n" + logText());
            }
            if (port == 0) {
                Matcher m = LISTENING.matcher(logText());
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            if (port != 0 && ready()) {
                return;
            }
            try {
                Thread.sleep(50); // polling another process's start-up: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the gateway was not ready within " + timeout + ":\n" + logText());
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path workDir() {
        return spec.workDir();
    }

    /** What this process wrote to its log (not its predecessors on the same directory). */
    public String logText() {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(logStart, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL (on Linux, {@link Process#destroyForcibly}): no shutdown hook, no flush, as in a crash. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: the gateway's graceful stop (drain calls, book usage). */
    public void stop() {
        process.destroy();
        waitForExit();
    }

    /** SIGTERM without waiting: the test watches the graceful stop as it happens ({@link #awaitExit}). */
    public void terminate() {
        process.destroy();
    }

    /** Whether the process ended within {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a request with the bootstrap admin key. */
    public HttpResponse<String> admin(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + GatewayHarness.ADMIN_KEY).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Creates a gateway key through the admin API and returns its plaintext. */
    public String createKey(String json) {
        HttpResponse<String> r = admin("POST", "/admin/v1/keys", json);
        Matcher m = Pattern.compile("\"key\":\"(tg-[^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("key creation failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    /** The value of an unlabelled metric from {@code /metrics}, or NaN when it is absent. */
    public double metric(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics")).GET().build());
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
