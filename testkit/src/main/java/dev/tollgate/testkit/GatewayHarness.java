package dev.tollgate.testkit;

import dev.tollgate.server.Gateway;
import dev.tollgate.server.GatewayOptions;
import dev.tollgate.simulator.Simulator;
import dev.tollgate.simulator.SimulatorOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real gateway in front of a real simulator, over real sockets, with a gateway key ready to use.
 * Configuration is a YAML text with placeholders {@code ${SIM}} (the simulator's OpenAI base URL),
 * {@code ${SIM_ROOT}} (its root, where Bedrock's paths live) and {@code ${STORAGE}} (the storage URL),
 * written to a temporary file the gateway watches.
 */
public final class GatewayHarness implements AutoCloseable {

    public static final String ADMIN_KEY = "tga-test-admin-key-" + UUID.randomUUID();
    /** TOLLGATE_SECRET_KEY unless the env function gives another (base64 of 32 bytes). */
    public static final String SECRET_KEY = "dG9sbGdhdGUtdGVzdC1zZWNyZXQta2V5LTMyLWJ5dGU=";

    /** A minimal configuration: chat, completion and embedding models on the simulator. */
    public static final String DEFAULT_CONFIG = """
            server: { port: 0, max_body_bytes: 65536, shutdown_grace_ms: 5000 }
            storage: { url: "${STORAGE}" }
            providers:
              - name: sim
                type: openai
                base_url: ${SIM}
                keys: ["${UPSTREAM_KEY}"]
                read_timeout_ms: 15000
              - name: sim-impatient
                type: openai
                base_url: ${SIM}
                keys: ["${UPSTREAM_KEY}"]
                read_timeout_ms: 1500
              # its own account: a 401 rests the key that got it, which must not starve the other models
              - name: sim-rejecting
                type: openai
                base_url: ${SIM}
                keys: ["${UPSTREAM_KEY}"]
            models:
              - name: gpt-4o-mini
                deployments: [{ provider: sim, model: gpt-4o-mini }]
              - name: gpt-4o
                deployments: [{ provider: sim, model: gpt-4o }]
              - name: text-embedding-3-small
                deployments: [{ provider: sim, model: text-embedding-3-small }]
              - name: broken-500
                deployments: [{ provider: sim, model: gpt-4o-mini+status=500 }]
              - name: overloaded-503
                deployments: [{ provider: sim, model: gpt-4o-mini+status=503+retry_after=7 }]
              - name: limited-429
                deployments: [{ provider: sim, model: gpt-4o-mini+status=429+retry_after=3 }]
              - name: hanging
                deployments: [{ provider: sim-impatient, model: gpt-4o-mini+hang }]
              - name: cut-short
                deployments: [{ provider: sim, model: gpt-4o-mini+reset_after=3+chunks=10 }]
              - name: upstream-auth
                deployments: [{ provider: sim-rejecting, model: gpt-4o-mini+status=401 }]
              - name: slow-stream
                deployments: [{ provider: sim, model: gpt-4o-mini+chunks=8+gap_ms=150 }]
              - name: stalling
                deployments: [{ provider: sim-impatient, model: gpt-4o-mini+chunks=3+gap_ms=5000 }]
            """;

    private final Simulator simulator;
    private final Gateway gateway;
    private final Path configFile;
    private final String storageUrl;
    private final String upstreamKey;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String key;

    private GatewayHarness(Simulator simulator, Gateway gateway, Path configFile, String storageUrl,
                           String upstreamKey) {
        this.simulator = simulator;
        this.gateway = gateway;
        this.configFile = configFile;
        this.storageUrl = storageUrl;
        this.upstreamKey = upstreamKey;
        this.key = createKey("{\"name\":\"harness\"}");
    }

    public static GatewayHarness sqlite() {
        return start(DEFAULT_CONFIG, null, "sk-sim-" + UUID.randomUUID());
    }

    public static GatewayHarness postgres() {
        return start(DEFAULT_CONFIG, TestDatabases.freshPostgres(), "sk-sim-" + UUID.randomUUID());
    }

    /**
     * @param storageUrl null for a fresh SQLite file
     * @param upstreamKey the key the gateway uses upstream (a canary in secret-leak tests)
     */
    public static GatewayHarness start(String configTemplate, String storageUrl, String upstreamKey) {
        return start(configTemplate, storageUrl, upstreamKey, simulator -> Map.of());
    }

    /**
     * @param env more environment variables for the configuration's {@code ${VAR}}s, made once the simulator
     *            runs (e.g. a service-account file whose {@code token_uri} is the simulator's); the function may
     *            also register credentials with the simulator before the gateway starts
     */
    public static GatewayHarness start(String configTemplate, String storageUrl, String upstreamKey,
                                       Function<Simulator, Map<String, String>> env) {
        try {
            Path dir = Files.createTempDirectory("tollgate-it");
            String storage = storageUrl != null ? storageUrl : "sqlite:" + dir.resolve("tollgate.db");
            Simulator simulator = Simulator.start(SimulatorOptions.defaults());
            Path config = dir.resolve("tollgate.yaml");
            Files.writeString(config, render(configTemplate, simulator, storage));
            Map<String, String> vars = new HashMap<>(System.getenv());
            vars.put("UPSTREAM_KEY", upstreamKey);
            vars.putAll(env.apply(simulator));
            vars.putIfAbsent("TOLLGATE_SECRET_KEY", SECRET_KEY);
            Gateway gateway;
            try {
                gateway = Gateway.start(new GatewayOptions(config, 0, ADMIN_KEY, vars::get, 100, dir));
            } catch (RuntimeException e) {
                simulator.close(); // tests that expect a start-up failure would leak it otherwise
                throw e;
            }
            return new GatewayHarness(simulator, gateway, config, storage, upstreamKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String render(String template, Simulator simulator, String storage) {
        return template.replace("${SIM_ROOT}", simulator.baseUrl()).replace("${SIM}", simulator.baseUrl() + "/v1")
                .replace("${STORAGE}", storage);
    }

    /**
     * Replaces the configuration file (the gateway reloads it on its own). Written aside and renamed over it, so
     * that the watcher never reads a half-written file, which may parse as a smaller configuration.
     */
    public void rewriteConfig(String template) {
        try {
            Path next = configFile.resolveSibling(configFile.getFileName() + ".next");
            Files.writeString(next, render(template, simulator, storageUrl));
            Files.move(next, configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    public String key() {
        return key;
    }

    public String upstreamKey() {
        return upstreamKey;
    }

    public Simulator simulator() {
        return simulator;
    }

    public Gateway gateway() {
        return gateway;
    }

    public String storageUrl() {
        return storageUrl;
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> get(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (bearer != null) {
            b.header("authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    public HttpResponse<String> admin(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a gateway key through the admin API and returns its plaintext. */
    public String createKey(String json) {
        HttpResponse<String> r = admin("POST", "/admin/v1/keys", json);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("key creation failed: " + r.statusCode() + " " + r.body());
        }
        Matcher m = Pattern.compile("\"key\":\"(tg-[^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no key in " + r.body());
        }
        return m.group(1);
    }

    @Override
    public void close() {
        gateway.close();
        simulator.close();
    }
}
