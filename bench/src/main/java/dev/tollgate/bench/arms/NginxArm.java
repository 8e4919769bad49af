package dev.tollgate.bench.arms;

import dev.tollgate.bench.load.ProcessStats;
import dev.tollgate.bench.load.Target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's nginx as a bare reverse proxy, run in the foreground from a scratch prefix with a generated
 * configuration ({@link NginxConfig}). Installed with apt-get when missing (the harness runs as root on
 * the project's machines).
 */
public final class NginxArm implements Arm {

    private final ChildProcess master;
    private final Target target;
    private final String version;
    private final long fileLimit;

    private NginxArm(ChildProcess master, Target target, String version, long fileLimit) {
        this.master = master;
        this.target = target;
        this.version = version;
        this.fileLimit = fileLimit;
    }

    static NginxArm start(ArmSetup setup) {
        String nginx = ensureInstalled();
        Path prefix = setup.workDir().resolve("nginx");
        int port = LocalHttp.freePort();
        URI upstream = URI.create(setup.upstreamUrl());
        long fileLimit = ProcessStats.openFileLimit(ProcessHandle.current().pid());
        try {
            Files.createDirectories(prefix.resolve("tmp"));
            // workers run as an unprivileged user when the master is root: let them into the scratch dirs
            Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(setup.workDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(prefix.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.writeString(prefix.resolve("nginx.conf"), NginxConfig.render(prefix, port,
                    upstream.getHost() + ":" + upstream.getPort(), Math.min(fileLimit, 1_000_000)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess master = ChildProcess.start("nginx", List.of(nginx, "-p", prefix.toString(),
                        "-c", prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("error.log").toString()),
                Map.of(), prefix, prefix.resolve("nginx.out"));
        try {
            LocalHttp.awaitAnswer("http://127.0.0.1:" + port + "/", master, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            master.close();
            throw new IllegalStateException(e.getMessage() + "\n" + tail(prefix.resolve("error.log")), e);
        }
        String version = ProcessStats.run(nginx, "-v").trim().replace("nginx version: ", "");
        return new NginxArm(master, new Target("http://127.0.0.1:" + port + "/v1",
                Map.of("authorization", "Bearer " + setup.upstreamKey())), version, fileLimit);
    }

    /** The nginx binary, installing Debian's package first if there is none (the cluster scenario uses it too). */
    public static String ensureInstalled() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        System.err.println("[bench] nginx is missing: installing Debian's nginx package");
        String out = ProcessStats.run("sh", "-c", "export DEBIAN_FRONTEND=noninteractive; "
                + "(apt-get install -y -qq nginx || (apt-get update -qq && apt-get install -y -qq nginx)) 2>&1");
        if (Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
            // Debian's package tries to start a system nginx; ours runs from its own prefix instead
            return "/usr/sbin/nginx";
        }
        throw new IllegalStateException("nginx is not installed and apt-get could not install it:\n" + out);
    }

    private static String tail(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public ArmKind kind() {
        return ArmKind.NGINX;
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public List<Long> pids() {
        return ProcessStats.withDescendants(master.pid());
    }

    @Override
    public String version() {
        return version;
    }

    /** Each worker holds two sockets per stream, within its own file limit. */
    @Override
    public int streamCapacity() {
        int workers = Math.max(1, pids().size() - 1);
        return (int) Math.min(Integer.MAX_VALUE, workers * Math.max(0, (fileLimit - 200) / 2));
    }

    @Override
    public String lastErrorLine() {
        return master.lastErrorLine();
    }

    @Override
    public void close() {
        master.close();
    }
}
