package dev.tollgate.server;

import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.config.ConfigException;
import dev.tollgate.server.cli.AdminCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code tollgate} command line: {@code run} the gateway, or {@code admin} a running one. */
@Command(name = "tollgate", mixinStandardHelpOptions = true, subcommands = {Main.Run.class, AdminCommand.class},
        description = "An OpenAI-compatible AI gateway. The provider simulator has its own entry point, dev.tollgate.simulator.SimulatorMain (./tollgate simulator).")
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line without exiting, so tests can run commands in-process and read their output. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--config", description = "Configuration file (default: ./tollgate.yaml, written if missing).")
        Path config;

        @Option(names = "--port", description = "Port to listen on (overrides server.port and TOLLGATE_PORT).")
        Integer port;

        @Override
        public Integer call() throws Exception {
            Path file = config != null ? config : Path.of("tollgate.yaml");
            if (config == null && !Files.exists(file)) {
                writeStarterConfig(file);
            } else if (!Files.exists(file)) {
                log.error("configuration file {} does not exist", file);
                return 2;
            }
            Gateway gateway;
            try {
                Integer effectivePort = port != null ? port : envPort();
                String secretKey = secretKey();
                gateway = Gateway.start(new GatewayOptions(file, effectivePort, adminKey(),
                        name -> "TOLLGATE_SECRET_KEY".equals(name) ? secretKey : System.getenv(name), 1_000));
            } catch (ConfigException e) {
                log.error("{}", e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                log.error("the gateway could not start: {}", e.getMessage());
                return 2;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
                stopped.countDown();
            }, "tollgate-shutdown"));
            log.info("create a gateway key:  curl -s http://localhost:{}/admin/v1/keys -H \"Authorization: Bearer "
                    + "$(cat data/admin-key)\" -H 'content-type: application/json' -d '{\"name\":\"my-app\"}'",
                    gateway.port());
            log.info("then call it:          curl -s http://localhost:{}/v1/chat/completions -H \"Authorization: "
                    + "Bearer $TOLLGATE_KEY\" -H 'content-type: application/json' -d '{\"model\":\"gpt-4o-mini\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'", gateway.port());
            stopped.await();
            return 0;
        }

        private static void writeStarterConfig(Path file) throws IOException {
            try (InputStream in = Main.class.getResourceAsStream("/starter-config.yaml")) {
                Files.write(file, in.readAllBytes());
            }
            log.info("no configuration found: wrote a commented starter config to {} (models served by the "
                    + "built-in provider simulator)", file.toAbsolutePath());
        }

        private static Integer envPort() {
            String p = System.getenv("TOLLGATE_PORT");
            if (p == null || p.isBlank()) {
                return null;
            }
            try {
                return Integer.valueOf(p.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("TOLLGATE_PORT must be a port number, not '" + p + "'");
            }
        }

        /**
         * TOLLGATE_SECRET_KEY if set; otherwise a key generated once into data/secret-key (mode 600), which suits a
         * single box. Several nodes must share one key, so they set TOLLGATE_SECRET_KEY. Either way, a backup of
         * the database is useless without this key (docs/operations.md).
         */
        private static String secretKey() throws IOException {
            String fromEnv = System.getenv("TOLLGATE_SECRET_KEY");
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv.trim();
            }
            Path file = Path.of("data", "secret-key");
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] raw = new byte[32];
            new java.security.SecureRandom().nextBytes(raw);
            String key = java.util.Base64.getEncoder().encodeToString(raw);
            Files.writeString(file, key + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("TOLLGATE_SECRET_KEY is not set: generated a secret key in {}; back it up with the database",
                    file.toAbsolutePath());
            return key;
        }

        /**
         * TOLLGATE_ADMIN_KEY if set; otherwise a key generated once and kept in data/admin-key (mode 600),
         * so a first run works without setup and never prints the secret.
         */
        private static String adminKey() throws IOException {
            String fromEnv = System.getenv("TOLLGATE_ADMIN_KEY");
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv.trim();
            }
            Path file = Path.of("data", "admin-key");
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(file.getParent());
            String key = "tga-" + GatewayKeys.generate().substring(GatewayKeys.PREFIX.length());
            Files.writeString(file, key + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("TOLLGATE_ADMIN_KEY is not set: generated an admin key in {}", file.toAbsolutePath());
            return key;
        }
    }
}
