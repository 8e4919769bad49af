package dev.tollgate.bench.scenarios;

import dev.tollgate.bench.arms.ChildProcess;
import dev.tollgate.bench.arms.LocalHttp;
import dev.tollgate.bench.arms.NginxArm;
import dev.tollgate.bench.report.Format;
import dev.tollgate.bench.report.Section;
import dev.tollgate.bench.report.Table;
import dev.tollgate.bench.run.BenchSession;
import dev.tollgate.bench.run.Console;
import dev.tollgate.server.Gateway;
import dev.tollgate.server.GatewayOptions;
import dev.tollgate.simulator.Simulator;
import dev.tollgate.simulator.SimulatorOptions;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cluster mode's cost: two gateway nodes behind nginx with their state in Redis, against one node keeping its
 * state in the process. Every call's key carries a budget, so each call reserves and settles in the ledger: in
 * Redis that is two script round trips per call, which is what the comparison isolates. Four arms, alternating:
 * one node with local state and one with Redis state (both called directly: their difference is the Redis round
 * trips), nginx before one local-state node (the proxy's hop) and nginx before two Redis-state nodes (the
 * cluster). The gateways run in this JVM on one PostgreSQL database (made for the run on
 * {@code TOLLGATE_BENCH_PG_URL}, else {@code TOLLGATE_TEST_PG_URL}); Redis is a {@code redis-server} the scenario
 * starts on a free port.
 */
public final class ClusterScenario implements Scenario {

    private static final int WARM_UP_CALLS = 1_000;
    private static final int MEASURED_CALLS = 3_000;
    private static final int ROUNDS = 2;
    private static final int CONCURRENCY = 16;
    private static final String ADMIN_KEY = "tga-bench-" + UUID.randomUUID();
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"" + "cluster bench ".repeat(70) + "\"}]}";

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public Section run(BenchSession session) {
        String pg = System.getenv("TOLLGATE_BENCH_PG_URL");
        if (pg == null || pg.isBlank()) {
            pg = System.getenv("TOLLGATE_TEST_PG_URL");
        }
        if (pg == null || pg.isBlank()) {
            throw new IllegalStateException("the cluster scenario needs PostgreSQL: set TOLLGATE_BENCH_PG_URL "
                    + "(postgresql://host:port/postgres?user=…)");
        }
        List<AutoCloseable> open = new ArrayList<>();
        String database = null;
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
            Path dir = Files.createTempDirectory("tollgate-bench-cluster");
            database = "bench_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            String storage = createDatabase(pg, database);
            int redisPort = LocalHttp.freePort();
            ChildProcess redis = ChildProcess.start("redis", List.of("redis-server", "--port",
                    Integer.toString(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
                    Map.of(), dir, dir.resolve("redis.log"));
            open.add(redis);
            String redisUrl = "redis://127.0.0.1:" + redisPort;

            Gateway local = start(dir, "local", config(sim, storage, "local"), open);
            Gateway nodeA = start(dir, "node-a", config(sim, storage, redisUrl), open);
            Gateway nodeB = start(dir, "node-b", config(sim, storage, redisUrl), open);
            int nginxLocal = LocalHttp.freePort();
            int nginxCluster = LocalHttp.freePort();
            ChildProcess nginx = startNginx(dir, nginxLocal, List.of(local.port()), nginxCluster,
                    List.of(nodeA.port(), nodeB.port()));
            open.add(nginx);

            String key = keyWithBudget("http://127.0.0.1:" + local.port());
            for (Gateway g : List.of(local, nodeA, nodeB)) {
                awaitBudgetSeen(g);
            }
            Map<String, String> arms = new LinkedHashMap<>();
            arms.put("1 node, state in process", "http://127.0.0.1:" + local.port());
            arms.put("1 node, state in Redis", "http://127.0.0.1:" + nodeA.port());
            arms.put("nginx → 1 node, state in process", "http://127.0.0.1:" + nginxLocal);
            arms.put("nginx → 2 nodes, state in Redis", "http://127.0.0.1:" + nginxCluster);

            Map<String, Histogram> latency = new LinkedHashMap<>();
            Map<String, Long> elapsed = new LinkedHashMap<>();
            for (Map.Entry<String, String> arm : arms.entrySet()) {
                calls(arm.getValue(), key, WARM_UP_CALLS);
            }
            for (int round = 0; round < ROUNDS; round++) {
                List<Map.Entry<String, String>> order = new ArrayList<>(arms.entrySet());
                if (round % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (Map.Entry<String, String> arm : order) {
                    long start = System.nanoTime();
                    Histogram h = calls(arm.getValue(), key, MEASURED_CALLS);
                    elapsed.merge(arm.getKey(), System.nanoTime() - start, Long::sum);
                    latency.computeIfAbsent(arm.getKey(), k -> new Histogram(3)).add(h);
                }
            }
            Histogram ping = redisPings(redisPort, 2_000);
            return report(latency, elapsed, ping);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the cluster scenario failed: " + e.getMessage(), e);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception ignored) {
                    // best effort: the next one still closes
                }
            }
            if (database != null) {
                dropDatabase(pg, database);
            }
        }
    }

    private static String config(Simulator sim, String storage, String state) {
        return "server: { host: 127.0.0.1, port: 0, shutdown_grace_ms: 1000 }\n"
                + "storage: { url: \"" + storage + "\" }\n"
                + "state: { url: \"" + state + "\", key_prefix: \"bench:\" }\n"
                + "features: { access_log: false }\n"
                + "providers:\n"
                + "  - { name: sim, type: openai, base_url: \"" + sim.baseUrl() + "/v1\", keys: [\"sk-bench\"] }\n"
                + "models:\n"
                + "  - { name: gpt-4o-mini, deployments: [{ provider: sim, model: gpt-4o-mini }] }\n";
    }

    private static Gateway start(Path dir, String name, String config, List<AutoCloseable> open) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path file = home.resolve("tollgate.yaml");
        Files.writeString(file, config);
        Gateway g = Gateway.start(new GatewayOptions(file, 0, ADMIN_KEY, Map.<String, String>of()::get, 1_000,
                home.resolve("data")));
        open.add(g);
        return g;
    }

    /** Two listeners: one before the local-state node, one balancing over the two Redis-state nodes. */
    private static ChildProcess startNginx(Path dir, int localPort, List<Integer> local, int clusterPort,
                                           List<Integer> cluster) throws IOException {
        String nginx = NginxArm.ensureInstalled();
        Path prefix = Files.createDirectories(dir.resolve("nginx"));
        Files.createDirectories(prefix.resolve("tmp"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(prefix.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        StringBuilder conf = new StringBuilder("""
                daemon off;
                worker_processes auto;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp/client_body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    keepalive_requests 1000000;
                """.formatted(prefix));
        conf.append(upstream("single", local)).append(upstream("cluster", cluster))
                .append(server(localPort, "single")).append(server(clusterPort, "cluster")).append("}\n");
        Files.writeString(prefix.resolve("nginx.conf"), conf.toString());
        ChildProcess p = ChildProcess.start("nginx", List.of(nginx, "-p", prefix.toString(), "-c",
                prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("error.log").toString()),
                Map.of(), prefix, prefix.resolve("nginx.out"));
        LocalHttp.awaitAnswer("http://127.0.0.1:" + clusterPort + "/health/live", p, Duration.ofSeconds(30));
        return p;
    }

    private static String upstream(String name, List<Integer> ports) {
        StringBuilder sb = new StringBuilder("    upstream " + name + " {\n");
        for (int port : ports) {
            sb.append("        server 127.0.0.1:").append(port).append(" max_fails=0;\n");
        }
        return sb.append("        keepalive 256;\n    }\n").toString();
    }

    /** As docs/deploy.md's example, without TLS. */
    private static String server(int port, String upstream) {
        return """
                    server {
                        listen 127.0.0.1:%d;
                        location / {
                            proxy_pass http://%s;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                            proxy_request_buffering off;
                            proxy_read_timeout 600s;
                        }
                    }
                """.formatted(port, upstream);
    }

    /** A key with a daily budget far above what the run spends: every call reserves and settles. */
    private static String keyWithBudget(String base) throws Exception {
        String created = admin(base, "POST", "/admin/v1/keys", "{\"name\":\"bench-cluster\"}");
        Matcher key = Pattern.compile("\"key\":\"(tg-[^\"]+)\"").matcher(created);
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created);
        if (!key.find() || !id.find()) {
            throw new IllegalStateException("no key in " + created);
        }
        admin(base, "POST", "/admin/v1/budgets", "{\"scope_kind\":\"key\",\"scope_id\":\"" + id.group(1)
                + "\",\"amount_nano_usd\":1000000000000000,\"period\":\"daily\"}");
        return key.group(1);
    }

    private static void awaitBudgetSeen(Gateway g) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!g.scrapeMetrics().contains("tollgate_budgets_loaded 1.0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a node did not load the budget within 10 s");
            }
            Thread.sleep(50); // the node's 250 ms poll of the ledger's change counter
        }
    }

    private static String admin(String base, String method, String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("authorization", "Bearer " + ADMIN_KEY).header("content-type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Client latency of each buffered chat call (to its last byte), {@value #CONCURRENCY} at a time. */
    private static Histogram calls(String base, String key, int count) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        return ClosedLoopCalls.latency(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), request,
                CONCURRENCY, count, "cluster calls to " + base);
    }

    /** One client's PING round trips to the run's Redis: the floor of what a Redis-state call adds per command. */
    private static Histogram redisPings(int port, int count) throws IOException {
        Histogram h = new Histogram(3);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            var out = s.getOutputStream();
            var in = s.getInputStream();
            byte[] buf = new byte[64];
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                out.write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                int n = in.read(buf);
                if (n <= 0) {
                    throw new IOException("Redis closed the connection");
                }
                h.recordValue(System.nanoTime() - start);
            }
        }
        return h;
    }

    private static String createDatabase(String serverUrl, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc(serverUrl)); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        URI u = URI.create(serverUrl);
        return u.getScheme() + "://" + u.getRawAuthority() + "/" + name + (u.getRawQuery() != null ? "?" + u.getRawQuery() : "");
    }

    private static void dropDatabase(String serverUrl, String name) {
        try (Connection c = DriverManager.getConnection(jdbc(serverUrl)); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (Exception e) {
            Console.log("could not drop the scratch database " + name + ": " + e.getMessage());
        }
    }

    private static String jdbc(String url) {
        return url.startsWith("jdbc:") ? url : "jdbc:" + url.replaceFirst("^postgres://", "postgresql://");
    }

    private Section report(Map<String, Histogram> latency, Map<String, Long> elapsed, Histogram ping) {
        Section section = new Section(name(), "Cluster: two nodes behind nginx, state in Redis",
                "Every call's key has a budget, so every call reserves and settles in the ledger: in the process for "
                        + "the local-state node, as two Lua script round trips to Redis for the Redis-state nodes. "
                        + ROUNDS + " rounds of " + MEASURED_CALLS + " buffered chat calls (1 KB prompt) per arm, "
                        + CONCURRENCY + " at a time, after " + WARM_UP_CALLS + " warm-up calls each; the gateways, "
                        + "the load and the simulator share this machine's cores, nginx and Redis run beside them. "
                        + "One PostgreSQL database for all nodes.");
        Table t = new Table("Client latency to the last byte", List.of("Arm", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "Calls/s"));
        for (Map.Entry<String, Histogram> e : latency.entrySet()) {
            Histogram h = e.getValue();
            double perSecond = h.getTotalCount() / (elapsed.get(e.getKey()) / 1e9);
            t.row(e.getKey(), Format.ms(h.getValueAtPercentile(50) / 1e6), Format.ms(h.getValueAtPercentile(90) / 1e6),
                    Format.ms(h.getValueAtPercentile(99) / 1e6), Format.ms(h.getMaxValue() / 1e6), Format.count(perSecond));
            Console.log("  " + e.getKey() + ": p50 " + Format.ms(h.getValueAtPercentile(50) / 1e6) + " ms, p99 "
                    + Format.ms(h.getValueAtPercentile(99) / 1e6) + " ms, " + Format.count(perSecond) + " calls/s");
        }
        section.table(t);
        Histogram local = latency.get("1 node, state in process");
        Histogram redis = latency.get("1 node, state in Redis");
        Histogram single = latency.get("nginx → 1 node, state in process");
        Histogram cluster = latency.get("nginx → 2 nodes, state in Redis");
        Table added = new Table("Added latency", List.of("What", "+p50 ms", "+p99 ms"));
        added.row("Redis round trips (1 node: Redis state − in-process state)",
                Format.deltaMs((redis.getValueAtPercentile(50) - local.getValueAtPercentile(50)) / 1e6),
                Format.deltaMs((redis.getValueAtPercentile(99) - local.getValueAtPercentile(99)) / 1e6));
        added.row("Cluster (nginx → 2 Redis-state nodes − nginx → 1 in-process node)",
                Format.deltaMs((cluster.getValueAtPercentile(50) - single.getValueAtPercentile(50)) / 1e6),
                Format.deltaMs((cluster.getValueAtPercentile(99) - single.getValueAtPercentile(99)) / 1e6));
        added.row("nginx hop (nginx → 1 node − 1 node, both in-process state)",
                Format.deltaMs((single.getValueAtPercentile(50) - local.getValueAtPercentile(50)) / 1e6),
                Format.deltaMs((single.getValueAtPercentile(99) - local.getValueAtPercentile(99)) / 1e6));
        section.table(added);
        section.note("A bare Redis PING from one client on this machine: p50 " + Format.ms(ping.getValueAtPercentile(50) / 1e6)
                + " ms, p99 " + Format.ms(ping.getValueAtPercentile(99) / 1e6) + " ms. A Redis-state call makes two "
                + "script calls (reserve before the upstream call, settle after it), so its floor is about two of these.");
        return section;
    }
}
