package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs an official Node SDK (an npm package) against the gateway, for the Node SDK tests: a small ESM script
 * makes the calls an application would make and prints one JSON line of what it saw; the assertions stay in
 * Java.
 *
 * <p>The package is installed once into {@code ~/.cache/tollgate-node-sdk/<package>-<version>} and reused by
 * later runs. Callers skip their test only when {@code node} is not installed ({@link #nodeVersion()}); a
 * failing {@code npm install} fails it.
 */
final class NodeSdk {

    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(4);
    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().contains("win");

    private NodeSdk() {
    }

    /** {@code node --version}, or empty when there is no node on the PATH. */
    static Optional<String> nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The cache directory with {@code node_modules/<pkg>} at {@code version}, installing it first if needed.
     * The install happens in a fresh sibling directory that is then renamed into place, so a concurrent or
     * aborted run never leaves a half-installed cache behind.
     *
     * @param pkg an npm package name, possibly scoped ({@code openai}, {@code @anthropic-ai/sdk})
     */
    static Path installed(String pkg, String version) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("user.home"), ".cache", "tollgate-node-sdk");
        String name = pkg.replace("@", "").replace('/', '-') + "-" + version;
        Path dir = root.resolve(name);
        if (installedVersion(dir, pkg).filter(version::equals).isPresent()) {
            return dir;
        }
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, name + ".installing-");
        try {
            Files.writeString(staging.resolve("package.json"), """
                    {"name":"tollgate-node-sdk-check","private":true,"type":"module",\
                    "dependencies":{"%s":"%s"}}
                    """.formatted(pkg, version));
            Path log = staging.resolve("npm-install.log");
            Process p = new ProcessBuilder(WINDOWS ? "npm.cmd" : "npm", "install", "--no-audit", "--no-fund",
                    "--no-progress", "--no-package-lock", "--loglevel=warn")
                    .directory(staging.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("npm install %s@%s did not finish within %s in %s; its output:%n%s",
                        pkg, version, INSTALL_TIMEOUT, staging, Files.readString(log));
            }
            if (p.exitValue() != 0 || installedVersion(staging, pkg).filter(version::equals).isEmpty()) {
                fail("npm install %s@%s failed (exit %d) in %s; its output:%n%s",
                        pkg, version, p.exitValue(), staging, Files.readString(log));
            }
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (installedVersion(dir, pkg).filter(version::equals).isEmpty()) {
                    // a broken leftover: replace it
                    deleteTree(dir);
                    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                }
                // else another run installed it meanwhile: use theirs
            }
            return dir;
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    /** The version of {@code pkg} installed under {@code dir/node_modules}, if any. */
    static Optional<String> installedVersion(Path dir, String pkg) {
        Path pkgDir = dir.resolve("node_modules");
        for (String part : pkg.split("/")) {
            pkgDir = pkgDir.resolve(part);
        }
        Path manifest = pkgDir.resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(manifest.toFile()).path("version").asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Runs {@code script} with node and returns its one JSON line. The script is written into the SDK
     * directory (uniquely named, removed afterwards) so that its bare imports resolve there: ESM ignores
     * NODE_PATH.
     *
     * @param env      added to the script's environment
     * @param unsetEnv removed from it (the SDK's own variables, such as {@code OPENAI_API_KEY}, that would
     *                 otherwise leak in from the machine)
     */
    static JsonNode run(Path sdkDir, String script, Map<String, String> env, List<String> unsetEnv)
            throws IOException, InterruptedException {
        Path file = sdkDir.resolve("check-" + UUID.randomUUID() + ".mjs");
        Path out = Files.createTempFile("tollgate-node-sdk", ".out");
        Path err = Files.createTempFile("tollgate-node-sdk", ".err");
        try {
            Files.writeString(file, script);
            ProcessBuilder pb = new ProcessBuilder("node", file.toString()).directory(sdkDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            unsetEnv.forEach(pb.environment()::remove);
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("the Node SDK script did not finish within %s; stdout:%n%s%nstderr:%n%s",
                        SCRIPT_TIMEOUT, Files.readString(out), Files.readString(err));
            }
            String stdout = Files.readString(out);
            if (p.exitValue() != 0) {
                fail("the Node SDK script failed (exit %d); stdout:%n%s%nstderr:%n%s",
                        p.exitValue(), stdout, Files.readString(err));
            }
            List<String> lines = stdout.lines().filter(l -> l.startsWith("{")).toList();
            assertThat(lines).as("one JSON line from the script; stdout was:%n%s", stdout).hasSize(1);
            return JSON.readTree(lines.get(0));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
