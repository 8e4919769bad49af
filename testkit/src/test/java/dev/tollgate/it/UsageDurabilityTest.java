package dev.tollgate.it;

import dev.tollgate.simulator.Simulator;
import dev.tollgate.simulator.SimulatorOptions;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.Storage;
import dev.tollgate.store.jdbc.JdbcStorage;
import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.GatewayProcess;
import dev.tollgate.testkit.ScratchPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8's durability promises: every answered call is booked, exactly once, whether the gateway is killed
 * with SIGKILL under load or the database goes away for a while.
 */
class UsageDurabilityTest {

    @TempDir
    Path dir;

    /** One server for the tests that stop and start PostgreSQL (each uses a database of its own). */
    private static ScratchPostgres pg;

    private static ScratchPostgres scratchPostgres() {
        boolean required = "1".equals(System.getenv("TOLLGATE_TEST_REQUIRE_SERVICES"));
        assumeTrue(required || ScratchPostgres.available(),
                "initdb/pg_ctl are not on the PATH: this test needs a PostgreSQL of its own to stop and start");
        if (pg == null) {
            pg = ScratchPostgres.start();
        }
        pg.ensureRunning();
        return pg;
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void everyCallAnsweredBeforeAKillNineIsBookedOnceAfterTheRestart() throws Exception {
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults())) {
            String config = """
                    server: { port: 0, shutdown_grace_ms: 2000 }
                    storage: { url: "sqlite:data/tollgate.db" }
                    providers:
                      - { name: sim, type: openai, base_url: "%s/v1", keys: ["sk-sim-durability"] }
                    models:
                      - { name: gpt-4o-mini, deployments: [{ provider: sim, model: gpt-4o-mini }] }
                    """.formatted(sim.baseUrl());
            GatewayProcess gateway = GatewayProcess.start(GatewayProcess.Spec.of(dir, config), Duration.ofSeconds(60));
            Set<String> answered;
            String database = "jdbc:sqlite:" + dir.resolve("data/tollgate.db");
            try {
                String key = gateway.createKey("{\"name\":\"load\"}");
                Load load = new Load(gateway.baseUrl(), key, 6);
                await().atMost(Duration.ofSeconds(30)).until(() -> load.answered.size() >= 100);
                // From now on the database takes no writes (this test holds its write lock): what the gateway
                // answers stays in its spool, the one place it can be found after the kill.
                try (Connection blocker = DriverManager.getConnection(database);
                     Statement st = blocker.createStatement()) {
                    st.execute("BEGIN IMMEDIATE");
                    int before = load.answered.size();
                    await().atMost(Duration.ofSeconds(30)).until(() -> load.answered.size() >= before + 200);
                    assertThat(gateway.metric("tollgate_usage_spool_pending_events")).isPositive();
                    gateway.kill(); // SIGKILL in the middle of the load
                    load.stop();
                    st.execute("ROLLBACK");
                }
                answered = Set.copyOf(load.answered.keySet());
            } finally {
                gateway.close();
            }
            assertThat(answered).hasSizeGreaterThanOrEqualTo(300);

            GatewayProcess again = gateway.restart(Duration.ofSeconds(60));
            try {
                assertThat(again.logText()).containsPattern("usage spool .*: \\d+ events .* are pending");
                await().atMost(Duration.ofSeconds(20)).until(() -> again.metric("tollgate_usage_pending") == 0);
            } finally {
                again.stop();
            }
            try (Storage storage = JdbcStorage.open("sqlite:" + dir.resolve("data/tollgate.db"))) {
                List<String> booked = storage.usage().recent(100_000).stream().map(UsageEvent::requestId).toList();
                assertThat(new HashSet<>(booked)).as("booked once each").hasSameSizeAs(booked);
                assertThat(booked).containsAll(answered);
            }
        }
    }

    @Test
    void callsMadeWhilePostgresIsDownAreBookedExactlyOnceWhenItIsBack() throws Exception {
        ScratchPostgres pg = scratchPostgres();
        String database = pg.freshDatabase();
        try (GatewayHarness gw = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG, database,
                "sk-sim-" + UUID.randomUUID())) {
            Load load = new Load(gw.baseUrl(), gw.key(), 4);
            await().atMost(Duration.ofSeconds(20)).until(() -> load.answered.size() >= 50);
            pg.halt();
            int atOutage = load.answered.size();
            // calls go on while the database is down; their usage waits in the spool
            await().atMost(Duration.ofSeconds(20)).until(() -> load.answered.size() >= atOutage + 200);
            assertThat(gw.gateway().pendingUsage()).isPositive();
            pg.resume();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.answered.size() >= atOutage + 300);
            load.stop();
            assertThat(load.failures.get()).as("calls that got no answer").isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> gw.gateway().pendingUsage() == 0);
            try (Storage storage = JdbcStorage.open(database)) {
                List<String> booked = storage.usage().recent(100_000).stream().map(UsageEvent::requestId).toList();
                assertThat(new HashSet<>(booked)).as("booked once each").hasSameSizeAs(booked);
                assertThat(booked).as("every call, answered before, during and after the outage")
                        .containsExactlyInAnyOrderElementsOf(load.answered.keySet());
            }
        }
    }

    @Test
    void aFullSpoolUnderFailClosedRefusesNewCallsInTheClientsFormatUntilItDrains() {
        ScratchPostgres pg = scratchPostgres();
        String database = pg.freshDatabase();
        String config = GatewayHarness.DEFAULT_CONFIG
                + "usage: { spool_max_bytes: 65536, on_spool_full: fail_closed }\n";
        try (GatewayHarness gw = GatewayHarness.start(config, database, "sk-sim-" + UUID.randomUUID())) {
            String chat = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            pg.halt(); // nothing drains: the 64 KiB spool fills after a few hundred calls
            HttpResponse<String> refused = null;
            int answered = 0;
            for (int i = 0; i < 3_000 && refused == null; i++) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", chat);
                if (r.statusCode() == 200) {
                    answered++;
                } else {
                    refused = r;
                }
            }
            assertThat(answered).isGreaterThan(100);
            assertThat(refused).isNotNull();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("\"code\":\"usage_spool_full\"").contains("\"type\":\"server_error\"");
            assertThat(refused.headers().firstValue("retry-after")).isPresent();
            HttpResponse<String> anthropic = gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/messages"))
                    .header("x-api-key", gw.key()).header("anthropic-version", "2023-06-01")
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build());
            assertThat(anthropic.statusCode()).isEqualTo(503);
            assertThat(anthropic.body()).contains("\"type\":\"error\"").contains("\"type\":\"overloaded_error\"");
            HttpResponse<String> ready = gw.get("/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"usage_spool\":\"full (").contains("new calls refused");
            assertThat(gw.gateway().scrapeMetrics()).contains("tollgate_usage_spool_full 1.0");

            pg.resume(); // the spool drains and the gateway takes calls again
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> gw.post("/v1/chat/completions", chat).statusCode() == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().pendingUsage() == 0);
            try (Storage storage = JdbcStorage.open(database)) {
                assertThat(storage.usage().count()).as("every answered call, none of the refused ones")
                        .isGreaterThanOrEqualTo(answered + 1);
            }
        }
    }

    /** Client threads calling in a loop (streams and plain answers), recording the request id of each answer. */
    static final class Load {
        final ConcurrentHashMap<String, Boolean> answered = new ConcurrentHashMap<>();
        final AtomicInteger failures = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stopping;

        Load(String baseUrl, String key, int clients) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            for (int i = 0; i < clients; i++) {
                boolean stream = i % 2 == 0;
                String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                        + (stream ? ",\"stream\":true}" : "}");
                HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                        .header("authorization", "Bearer " + key).header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                Thread t = Thread.ofPlatform().name("load-" + i).daemon().start(() -> {
                    while (!stopping) {
                        try {
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            boolean whole = r.statusCode() == 200
                                    && (!stream || r.body().contains("data: [DONE]"));
                            if (whole) {
                                answered.put(r.headers().firstValue("x-request-id").orElseThrow(), true);
                            } else {
                                failures.incrementAndGet();
                            }
                        } catch (IOException e) {
                            if (!stopping) {
                                failures.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                threads.add(t);
            }
        }

        void stop() throws InterruptedException {
            stopping = true;
            for (Thread t : threads) {
                t.join(15_000);
            }
        }
    }
}
