package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import dev.tollgate.testkit.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prices through the admin API on two gateways sharing one PostgreSQL database: a change made on one node prices
 * the other's calls within a second, is not retroactive, is audited, and is read by auditors and org admins only.
 */
class PriceAdminTest {

    private static final String FILE_PRICE = "prices:\n  - { model: gpt-4o, input: 5, output: 20 }\n";
    private static GatewayHarness gw;
    private static GatewayHarness second;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG + FILE_PRICE, TestDatabases.freshPostgres(),
                "sk-sim-" + UUID.randomUUID());
        second = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG + FILE_PRICE, gw.storageUrl(),
                "sk-sim-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        for (GatewayHarness h : new GatewayHarness[]{second, gw}) {
            if (h != null) {
                h.close();
            }
        }
    }

    private static JsonNode expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return GatewayBehaviour.json(r.body());
    }

    /** The cost booked for one fresh gpt-4o-mini call ("hi": 7 prompt tokens, 16 completion) on {@code node}. */
    private static long costOfACallOn(GatewayHarness node) {
        HttpResponse<String> r = node.post("/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        GatewayBehaviour.gw = node;
        UsageEvent e = GatewayBehaviour.booked(r.headers().firstValue("x-request-id").orElseThrow());
        assertThat(e.usage().promptTokens()).isEqualTo(7);
        assertThat(e.usage().completionTokens()).isEqualTo(16);
        return e.costNanoUsd();
    }

    /*
     * Shipped default for gpt-4o-mini: $0.15 in, $0.60 out per 1M. 7 × 0.15 + 16 × 0.60 = 1.05 + 9.60 = 10.65
     * micro-USD = 10,650 nano-USD. The API's entry for provider sim: $1000 in and out: 23 × 1000 = 23,000 micro-USD =
     * 23,000,000 nano-USD.
     */
    @Test
    void aPriceMadeOnOneNodePricesTheOthersCallsWithinASecondAndIsAudited() {
        assertThat(costOfACallOn(second)).isEqualTo(10_650L);
        JsonNode created = expect(gw.admin("POST", "/admin/v1/prices",
                "{\"model\":\"gpt-4o-mini\",\"provider\":\"sim\",\"input\":1000,\"output\":\"1000\"}"), 201);
        String id = created.path("id").asText();
        await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(100))
                .until(() -> costOfACallOn(second) == 23_000_000L);

        // a price from the future does not apply yet, on either node
        JsonNode future = expect(gw.admin("POST", "/admin/v1/prices",
                "{\"model\":\"gpt-4o-mini\",\"provider\":\"sim\",\"effective_from\":\"2999-01-01T00:00:00Z\","
                        + "\"input\":1,\"output\":1}"), 201);
        assertThat(future.path("id").asText()).isNotEqualTo(id);
        assertThat(costOfACallOn(gw)).isEqualTo(23_000_000L);

        expect(gw.admin("DELETE", "/admin/v1/prices/" + future.path("id").asText(), null), 200);
        expect(gw.admin("DELETE", "/admin/v1/prices/" + id, null), 200);
        await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(100))
                .until(() -> costOfACallOn(second) == 10_650L);

        String audit = gw.admin("GET", "/admin/v1/audit?target_type=price&limit=50", null).body();
        assertThat(audit).contains("price.create", "price.delete", id);
    }

    @Test
    void theFilesEntriesAreReadOnlyAndListedWithTheirSource() {
        JsonNode listed = expect(gw.admin("GET", "/admin/v1/prices?model=gpt-4o", null), 200);
        assertThat(listed.path("data")).hasSize(1);
        JsonNode fromFile = listed.path("data").get(0);
        assertThat(fromFile.path("source").asText()).isEqualTo("file");
        assertThat(fromFile.path("input").asText()).isEqualTo("5");
        expect(gw.admin("POST", "/admin/v1/prices", "{\"model\":\"gpt-4o\",\"input\":1,\"output\":1}"), 409);
        expect(gw.admin("DELETE", "/admin/v1/prices/" + fromFile.path("id").asText(), null), 409);
    }

    @Test
    void auditorsAndOrgAdminsReadOnlyPlatformAdminsWrite() {
        String org = expect(gw.admin("POST", "/admin/v1/orgs", "{\"name\":\"Prices Org\"}"), 201).path("id").asText();
        String team = expect(gw.admin("POST", "/admin/v1/teams", "{\"org_id\":\"" + org + "\",\"name\":\"t\"}"), 201)
                .path("id").asText();
        String auditor = adminKey("{\"role\":\"auditor\"}");
        String orgAdmin = adminKey("{\"role\":\"org_admin\",\"org_id\":\"" + org + "\"}");
        String teamAdmin = adminKey("{\"role\":\"team_admin\",\"team_id\":\"" + team + "\"}");
        String body = "{\"model\":\"x\",\"input\":1}";
        for (String reader : new String[]{auditor, orgAdmin}) {
            assertThat(as(reader, "GET", "/admin/v1/prices", null).statusCode()).isEqualTo(200);
            assertThat(as(reader, "POST", "/admin/v1/prices", body).statusCode()).isEqualTo(403);
        }
        assertThat(as(teamAdmin, "GET", "/admin/v1/prices", null).statusCode()).isEqualTo(403);
    }

    private static String adminKey(String body) {
        return expect(gw.admin("POST", "/admin/v1/admin-keys", body), 201).path("key").asText();
    }

    private static HttpResponse<String> as(String key, String method, String path, String body) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
