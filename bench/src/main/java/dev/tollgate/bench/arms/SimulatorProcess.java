package dev.tollgate.bench.arms;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one upstream every arm talks to: the project's provider simulator in its own JVM, with no latency
 * of its own (0 ms to first token, 0 ms between chunks unless a request's model name asks otherwise),
 * so whatever an arm adds is visible.
 */
public final class SimulatorProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private SimulatorProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static SimulatorProcess start(Path javaHome, String classPath, List<String> jvmFlags, Path workDir) {
        int port = LocalHttp.freePort();
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath, "dev.tollgate.simulator.SimulatorMain",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--ttft-ms", "0", "--gap-ms", "0"));
        ChildProcess process = ChildProcess.start("simulator", command, Map.of(), workDir, workDir.resolve("simulator.log"));
        try {
            LocalHttp.awaitAnswer("http://127.0.0.1:" + port + "/_sim/config", process, Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new SimulatorProcess(process, port);
    }

    /** OpenAI base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.alive();
    }

    @Override
    public void close() {
        process.close();
    }
}
