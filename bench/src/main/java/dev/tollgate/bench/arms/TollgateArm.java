package dev.tollgate.bench.arms;

import dev.tollgate.bench.load.ProcessStats;
import dev.tollgate.bench.load.Target;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A Tollgate gateway process started the way the launcher starts it ({@code Main run --config --port}),
 * with a fresh SQLite database and one gateway key created through the admin API. The full-pipeline arm
 * logs JSON to a file, as a production deployment shipping logs would.
 */
final class TollgateArm implements Arm {

    private final ArmKind kind;
    private final ChildProcess process;
    private final Target target;
    private final String version;

    private TollgateArm(ArmKind kind, ChildProcess process, Target target, String version) {
        this.kind = kind;
        this.process = process;
        this.target = target;
        this.version = version;
    }

    static TollgateArm start(ArmKind kind, ArmSetup setup) {
        boolean full = kind == ArmKind.TOLLGATE_FULL;
        Path dir = setup.workDir().resolve(kind.id() + "-" + UUID.randomUUID().toString().substring(0, 8));
        int port = LocalHttp.freePort();
        Path config = dir.resolve("tollgate.yaml");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, TollgateConfig.yaml(full, port, dir.resolve("tollgate.db"), setup.upstreamUrl(),
                    setup.upstreamKey(), setup.models()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String adminKey = "tga-bench-" + UUID.randomUUID();
        List<String> command = new ArrayList<>();
        command.add(setup.javaBinary());
        command.addAll(setup.tollgateFlags());
        command.addAll(List.of("-cp", setup.classPath(), "dev.tollgate.server.Main", "run",
                "--config", config.toString(), "--port", Integer.toString(port)));
        ChildProcess process = ChildProcess.start(kind.id(), command,
                Map.of("TOLLGATE_ADMIN_KEY", adminKey, "TOLLGATE_LOG_FORMAT", full ? "json" : "text",
                        "TOLLGATE_LOG_LEVEL", "INFO"),
                dir, dir.resolve(full ? "tollgate-access.json.log" : "tollgate.log"));
        try {
            String base = "http://127.0.0.1:" + port;
            LocalHttp.awaitAnswer(base + "/health/live", process, Duration.ofSeconds(60));
            HttpResponse<String> created = LocalHttp.postJson(base + "/admin/v1/keys",
                    Map.of("authorization", "Bearer " + adminKey), "{\"name\":\"bench\"}");
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating a gateway key failed: HTTP " + created.statusCode() + " "
                        + created.body());
            }
            String key = new JsonObject(created.body()).getString("key");
            return new TollgateArm(kind, process, new Target(base + "/v1", Map.of("authorization", "Bearer " + key)),
                    "Tollgate " + GitVersion.describe(setup.repoRoot()) + " on " + JdkInfo.describe(setup.javaHome())
                            + " (" + String.join(" ", setup.tollgateFlags()) + ")");
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    @Override
    public ArmKind kind() {
        return kind;
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public List<Long> pids() {
        return List.of(process.pid());
    }

    @Override
    public OptionalLong jvmPid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public String version() {
        return version;
    }

    /** Each relayed stream holds two sockets: the client's and the upstream one. */
    @Override
    public int streamCapacity() {
        long limit = ProcessStats.openFileLimit(process.pid());
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (limit - 300) / 2));
    }

    @Override
    public String lastErrorLine() {
        return process.lastErrorLine();
    }

    @Override
    public void close() {
        process.close();
    }
}
