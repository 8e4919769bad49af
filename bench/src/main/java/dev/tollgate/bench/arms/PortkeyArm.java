package dev.tollgate.bench.arms;

import dev.tollgate.bench.load.ProcessStats;
import dev.tollgate.bench.load.Target;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Portkey's open-source gateway ({@code @portkey-ai/gateway} from npm), installed once into a cache
 * directory and started with Node from its package's {@code bin} script, headless (no log console).
 * Requests are routed to the simulator with Portkey's own headers; the client's key passes through.
 * Its streaming relay may fail on this Node version: the harness reports what happens, it does not patch it.
 */
final class PortkeyArm implements Arm {

    static final String VERSION = "1.15.2";
    private static final String PACKAGE = "@portkey-ai/gateway";

    private final ChildProcess node;
    private final Target target;
    private final String version;

    private PortkeyArm(ChildProcess node, Target target, String version) {
        this.node = node;
        this.target = target;
        this.version = version;
    }

    static PortkeyArm start(ArmSetup setup) {
        Path packageDir = ensureInstalled(setup.cacheDir().resolve("portkey-" + VERSION));
        String startScript = startScript(packageDir);
        int port = LocalHttp.freePort();
        ChildProcess node = ChildProcess.start("portkey", List.of("node", startScript, "--port=" + port, "--headless"),
                Map.of(), packageDir, setup.workDir().resolve("portkey.log"));
        try {
            LocalHttp.awaitAnswer("http://127.0.0.1:" + port + "/", node, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        String nodeVersion = ProcessStats.run("node", "--version").trim();
        return new PortkeyArm(node, new Target("http://127.0.0.1:" + port + "/v1", Map.of(
                "authorization", "Bearer " + setup.upstreamKey(),
                "x-portkey-provider", "openai",
                "x-portkey-custom-host", setup.upstreamUrl())),
                PACKAGE + " " + packageVersion(packageDir) + " on Node " + nodeVersion);
    }

    /** Installs the pinned version with npm unless the cache already holds it; returns the package dir. */
    private static Path ensureInstalled(Path cache) {
        Path packageDir = cache.resolve("node_modules").resolve(PACKAGE);
        if (Files.exists(packageDir.resolve("package.json")) && VERSION.equals(packageVersion(packageDir))) {
            return packageDir;
        }
        try {
            Files.createDirectories(cache);
            if (!Files.exists(cache.resolve("package.json"))) {
                Files.writeString(cache.resolve("package.json"), "{\"name\":\"tollgate-bench-portkey\",\"private\":true}\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.err.println("[bench] installing " + PACKAGE + "@" + VERSION + " into " + cache);
        String out = ProcessStats.run("sh", "-c", "cd '" + cache + "' && npm install --no-audit --no-fund "
                + PACKAGE + "@" + VERSION + " 2>&1");
        if (!Files.exists(packageDir.resolve("package.json"))) {
            throw new IllegalStateException("npm could not install " + PACKAGE + "@" + VERSION + ":\n" + out);
        }
        return packageDir;
    }

    /** The package's own start script: its {@code bin} entry (build/start-server.js in 1.15.x). */
    private static String startScript(Path packageDir) {
        JsonObject pkg = readPackageJson(packageDir);
        Object bin = pkg.getValue("bin");
        String script = bin instanceof String s ? s
                : bin instanceof JsonObject o && !o.isEmpty() ? String.valueOf(o.iterator().next().getValue())
                : "build/start-server.js";
        return packageDir.resolve(script).toString();
    }

    private static String packageVersion(Path packageDir) {
        return readPackageJson(packageDir).getString("version", "unknown");
    }

    private static JsonObject readPackageJson(Path packageDir) {
        try {
            return new JsonObject(Files.readString(packageDir.resolve("package.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ArmKind kind() {
        return ArmKind.PORTKEY;
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public List<Long> pids() {
        return ProcessStats.withDescendants(node.pid());
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int streamCapacity() {
        long limit = ProcessStats.openFileLimit(node.pid());
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (limit - 300) / 2));
    }

    @Override
    public String lastErrorLine() {
        return node.lastErrorLine();
    }

    @Override
    public void close() {
        node.close();
    }
}
