package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console end to end, in headless Chromium (Debian's {@code chromium}, driven by {@code playwright-core}
 * from {@code console/e2e/console.e2e.mjs}): sign in, create a key, use it with the official OpenAI Node SDK, find
 * the call in the request log and the dashboard's charts, revoke the key, and a customer's top-up by code. One
 * browser launch for all of it; the assertions are here.
 *
 * <p>The gateway's upstream key is a canary, and the prompt carries a marker: neither may appear in any admin or
 * customer API answer the console fetched. With {@code TOLLGATE_SCREENSHOTS=docs/screenshots} the script also
 * saves the main pages as PNGs there.
 *
 * <p>Skipped when node or chromium is missing, unless {@code TOLLGATE_TEST_REQUIRE_SERVICES=1} (as
 * {@code ./tollgate test} sets), where that fails instead.
 */
class ConsoleBrowserTest {

    private static final String CANARY = "canary" + UUID.randomUUID().toString().replace("-", "");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    static GatewayHarness gw;
    static String marker;
    static JsonNode seen;
    static JsonNode captured;
    static String consoleRoot;

    @BeforeAll
    static void runTheBrowser() throws Exception {
        boolean required = "1".equals(System.getenv("TOLLGATE_TEST_REQUIRE_SERVICES"));
        Optional<String> chromium = chromium();
        if (!required) {
            assumeTrue(NodeSdk.nodeVersion().isPresent(), "node is not on the PATH");
            assumeTrue(chromium.isPresent(), "no chromium (apt-get install chromium)");
        }
        assertThat(chromium).as("Debian's chromium (scripts/test.sh installs it)").isPresent();
        Path console = repoRoot().resolve("console");
        installed(console);

        gw = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG, null, CANARY);
        // a provider and model group kept in the database, with the canary as key and header: the console lists them
        String sim = gw.simulator().baseUrl() + "/v1";
        assertThat(gw.admin("POST", "/admin/v1/providers", "{\"name\":\"sim-db\",\"type\":\"openai\",\"base_url\":\""
                + sim + "\",\"keys\":[\"" + CANARY + "\"],\"headers\":{\"api-key\":\"" + CANARY + "\"}}").statusCode()).isEqualTo(201);
        assertThat(gw.admin("POST", "/admin/v1/models",
                "{\"name\":\"gpt-4o-mini-db\",\"deployments\":[{\"provider\":\"sim-db\",\"model\":\"gpt-4o-mini\"}]}")
                .statusCode()).isEqualTo(201);
        marker = "console-marker-" + UUID.randomUUID();
        Path capture = Files.createTempFile("tollgate-console", ".json");
        String shots = System.getenv("TOLLGATE_SCREENSHOTS");
        try {
            seen = run(console, Map.of(
                    "TOLLGATE_URL", gw.baseUrl(),
                    "TOLLGATE_ADMIN_KEY", GatewayHarness.ADMIN_KEY,
                    "TOLLGATE_CHROMIUM", chromium.get(),
                    "TOLLGATE_MARKER", marker,
                    "TOLLGATE_CAPTURE", capture.toString(),
                    "TOLLGATE_SCREENSHOTS", shots == null ? "" : repoRoot().resolve(shots).toString()));
            captured = JSON.readTree(capture.toFile());
        } finally {
            Files.deleteIfExists(capture);
        }
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void signsInWithTheAdminKeyAndRefusesAWrongOne() {
        assertThat(seen.path("wrongKeyError").asText()).containsIgnoringCase("admin key");
        assertThat(seen.path("steps").toString()).contains("signed in");
        assertThat(seen.path("pageErrors")).as("errors thrown in the pages").isEmpty();
    }

    @Test
    void aKeyCreatedInTheConsoleWorksWithTheOpenAiSdk() {
        assertThat(seen.path("keyPrefixOk").asBoolean()).isTrue();
        assertThat(seen.path("requestId").asText()).startsWith("req_");
        assertThat(seen.path("completionText").asText()).isNotBlank();
    }

    @Test
    void theCallAppearsInTheRequestLogWithItsDetail() {
        String detail = seen.path("detailText").asText();
        assertThat(detail).contains(seen.path("requestId").asText()).contains("gpt-4o-mini")
                .contains(seen.path("keyId").asText()).contains("200");
    }

    @Test
    void theCallAppearsOnTheDashboardAndItsSpendChart() {
        assertThat(seen.path("dashboardRequests").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(seen.path("requestsChartTotals").get(0).asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(seen.path("spendChartTotals").get(0).asDouble()).as("cost in the spend chart").isPositive();
        assertThat(seen.path("dashboardCost").asText()).startsWith("$").isNotEqualTo("$0.000000");
        assertThat(seen.path("spendTable").asText()).contains("gpt-4o-mini");
    }

    @Test
    void providersShowOnlyMaskedKeys() {
        assertThat(seen.path("providersText").asText()).contains("sim-db").contains("can…");
    }

    @Test
    void aRevokedKeyIsRefused() {
        assertThat(seen.path("afterRevokeStatus").asInt()).isEqualTo(401);
        HttpResponse<String> key = gw.admin("GET", "/admin/v1/keys/" + seen.path("keyId").asText(), null);
        assertThat(key.body()).contains("\"revoked_at\":\"");
    }

    @Test
    void aCustomerTopsUpWithACodeOnTheAccountPage() {
        // $1 credited by the admin, $5 from the code, less the charge for one small call
        assertThat(seen.path("customerBalance").asText()).matches("\\$5\\.99[0-9]{2}");
    }

    @Test
    void theConsoleServesIndexHtmlUncachedAndAssetsForAYear() throws IOException, InterruptedException {
        assertThat(seen.path("indexCacheControl").asText()).isEqualTo("no-store");
        assertThat(seen.path("indexContentType").asText()).startsWith("text/html");
        HttpResponse<String> deepLink = gw.get("/console/keys", null);
        assertThat(deepLink.statusCode()).isEqualTo(200);
        assertThat(deepLink.body()).contains("<div id=\"root\">");
        String script = deepLink.body().replaceAll("(?s).*src=\"(/console/assets/[^\"]+\\.js)\".*", "$1");
        HttpResponse<String> js = gw.get(script, null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
        assertThat(gw.get("/console/assets/gone-1234.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void noUpstreamKeyAndNoRequestBodyInAnythingTheConsoleFetched() {
        assertThat(captured.size()).as("admin and customer API answers the pages fetched").isGreaterThan(20);
        List<String> urls = StreamSupport.stream(captured.spliterator(), false).map(c -> c.path("url").asText()).toList();
        assertThat(urls).anyMatch(u -> u.contains("/admin/v1/usage")).anyMatch(u -> u.contains("/admin/v1/providers"))
                .anyMatch(u -> u.contains("/admin/v1/audit")).anyMatch(u -> u.contains("/account/v1/balance"));
        String completion = seen.path("completionText").asText();
        for (JsonNode c : captured) {
            String body = c.path("body").asText();
            assertThat(body).as(c.path("url").asText()).doesNotContain(CANARY).doesNotContain(marker);
            if (completion.length() >= 20) {
                assertThat(body).as(c.path("url").asText()).doesNotContain(completion);
            }
        }
        // the upstream really received the canary: the test would prove nothing otherwise
        assertThat(gw.simulator().recentRequests())
                .anyMatch(q -> ("Bearer " + CANARY).equals(q.headers().get("authorization")));
    }

    // ---------------------------------------------------------------- plumbing

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("console"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("no console/ directory above %s", Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Optional<String> chromium() {
        String configured = System.getenv("TOLLGATE_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    /** {@code npm ci} in console/ unless the Maven build already did it for this lockfile. */
    static void installed(Path console) throws IOException, InterruptedException {
        Path stamp = console.resolve("node_modules/.package-lock.json");
        if (Files.exists(stamp) && Files.exists(console.resolve("node_modules/playwright-core/package.json"))
                && Files.getLastModifiedTime(stamp).compareTo(Files.getLastModifiedTime(console.resolve("package-lock.json"))) >= 0) {
            return;
        }
        Path log = Files.createTempFile("tollgate-console-npm", ".log");
        Process p = new ProcessBuilder(NodeSdk.WINDOWS ? "npm.cmd" : "npm", "ci", "--no-audit", "--no-fund", "--loglevel=warn")
                .directory(console.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(NodeSdk.INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail("npm ci in %s failed; its output:%n%s", console, Files.readString(log));
        }
        Files.deleteIfExists(log);
    }

    static JsonNode run(Path console, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tollgate-console-e2e", ".out");
        Path err = Files.createTempFile("tollgate-console-e2e", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder("node", "e2e/console.e2e.mjs").directory(console.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("OPENAI_API_KEY");
            pb.environment().remove("OPENAI_BASE_URL");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("the console test script did not finish within %s; stdout:%n%s%nstderr:%n%s",
                        SCRIPT_TIMEOUT, Files.readString(out), Files.readString(err));
            }
            String stdout = Files.readString(out);
            if (p.exitValue() != 0) {
                fail("the console test script failed (exit %d); stdout:%n%s%nstderr:%n%s",
                        p.exitValue(), stdout, Files.readString(err));
            }
            List<String> lines = stdout.lines().filter(l -> l.startsWith("{")).toList();
            assertThat(lines).as("one JSON line from the script; stdout was:%n%s", stdout).hasSize(1);
            return JSON.readTree(lines.get(0));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
