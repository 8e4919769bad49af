package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.UsageMaintenance;
import dev.tollgate.spi.store.UsageRetention;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bills and reports through the admin API: {@code GET /admin/v1/reports/usage} in JSON and CSV, confined to the
 * caller's scope, still whole after retention dropped the raw events; and {@code GET /admin/v1/usage} page by page.
 * Usage is booked straight into the gateway's store with known times and charges (plus one real call), so every
 * figure is exact. Run once per storage backend by the subclasses.
 */
abstract class UsageReportsBehaviour {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MARCH = "from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z";

    static GatewayHarness gw;
    static String orgA;
    static String orgB;
    static String teamA1;
    static String teamA2;
    static String teamB1;
    static String userA1;
    static String teamAdminA1;
    static String auditorA;
    static String memberA1;
    static List<UsageEvent> march;

    /** Called by the subclasses once they started the gateway. */
    static void setUp() {
        orgA = id(expect(as(GatewayHarness.ADMIN_KEY, "/admin/v1/orgs", "{\"name\":\"Acme\"}"), 201));
        orgB = id(expect(as(GatewayHarness.ADMIN_KEY, "/admin/v1/orgs", "{\"name\":\"Other\"}"), 201));
        teamA1 = id(expect(as(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", "{\"org_id\":\"" + orgA + "\",\"name\":\"search\"}"), 201));
        teamA2 = id(expect(as(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", "{\"org_id\":\"" + orgA + "\",\"name\":\"ads\"}"), 201));
        teamB1 = id(expect(as(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", "{\"org_id\":\"" + orgB + "\",\"name\":\"b\"}"), 201));
        userA1 = id(expect(as(GatewayHarness.ADMIN_KEY, "/admin/v1/users", "{\"team_id\":\"" + teamA1 + "\",\"email\":\"ann@acme.test\"}"), 201));
        teamAdminA1 = adminKey("{\"role\":\"team_admin\",\"team_id\":\"" + teamA1 + "\"}");
        auditorA = adminKey("{\"role\":\"auditor\",\"org_id\":\"" + orgA + "\"}");
        memberA1 = adminKey("{\"role\":\"member\",\"user_id\":\"" + userA1 + "\"}");

        Instant day1 = Instant.parse("2026-03-01T09:15:00Z");
        Instant day2 = Instant.parse("2026-03-02T17:45:00Z");
        march = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            march.add(event("a1-" + i, day1.plusSeconds(i * 60), orgA, teamA1, userA1, "key-a1", "gpt-4o", 200,
                    1_000_000_001L));
        }
        march.add(event("a2-0", day2, orgA, teamA2, null, "key-a2", "claude", 200, 250));
        march.add(event("a2-1", day2.plusSeconds(5), orgA, teamA2, null, "key-a2", "claude", 429, 0));
        march.add(event("b1-0", day1, orgB, teamB1, null, "key-b1", "gpt-4o", 200, 7));
        gw.gateway().storage().usage().book(march);
    }

    static UsageEvent event(String id, Instant at, String org, String team, String user, String key, String model,
                            int status, long charge) {
        return new UsageEvent(id, at, key, team, user, Endpoint.CHAT_COMPLETIONS, model, "sim", model, false,
                new TokenUsage(100, 10, 0, 0, false), charge / 2, 1000, 0, status,
                status >= 400 ? "rate_limit_exceeded" : null, null, 1, org, charge, false);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
            gw = null;
        }
    }

    static HttpResponse<String> as(String adminKey, String path, String body) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
                .header("authorization", "Bearer " + adminKey).header("content-type", "application/json")
                .method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> get(String adminKey, String path) {
        return as(adminKey, path, null);
    }

    static JsonNode expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(status);
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static String id(JsonNode n) {
        return n.path("id").asText();
    }

    static String adminKey(String body) {
        return expect(as(GatewayHarness.ADMIN_KEY, "/admin/v1/admin-keys", body), 201).path("key").asText();
    }

    static List<String> rows(JsonNode report, String... fields) {
        List<String> out = new ArrayList<>();
        report.path("data").forEach(r -> {
            StringBuilder line = new StringBuilder(r.path("period_start").asText());
            for (String f : fields) {
                line.append(' ').append(r.path(f).asText());
            }
            out.add(line.toString());
        });
        return out;
    }

    static String sorted(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    }

    @Test
    void aReportGroupsByPeriodAndDimensionsWithExactNanoAmounts() {
        JsonNode report = expect(get(GatewayHarness.ADMIN_KEY, "/admin/v1/reports/usage?" + MARCH
                + "&period=day&group_by=team,model"), 200);

        assertThat(report.path("object").asText()).isEqualTo("usage_report");
        assertThat(report.path("group_by").toString()).isEqualTo("[\"team\",\"model\"]");
        List<String> day1 = teamA1.compareTo(teamB1) < 0
                ? List.of("2026-03-01T00:00:00Z " + teamA1 + " gpt-4o 3 3000000003", "2026-03-01T00:00:00Z " + teamB1 + " gpt-4o 1 7")
                : List.of("2026-03-01T00:00:00Z " + teamB1 + " gpt-4o 1 7", "2026-03-01T00:00:00Z " + teamA1 + " gpt-4o 3 3000000003");
        List<String> expected = new ArrayList<>(day1);
        expected.add("2026-03-02T00:00:00Z " + teamA2 + " claude 2 250");
        assertThat(rows(report, "team_id", "model", "requests", "charge_nano_usd")).containsExactlyElementsOf(expected);
        JsonNode totals = report.path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(6);
        assertThat(totals.path("errors").asLong()).isEqualTo(1);
        assertThat(totals.path("prompt_tokens").asLong()).isEqualTo(600);
        assertThat(totals.path("charge_nano_usd").asLong()).isEqualTo(3_000_000_003L + 250 + 7);
        assertThat(totals.path("cost_nano_usd").asLong()).isEqualTo(3 * 500_000_000L + 125 + 3);

        JsonNode monthly = expect(get(GatewayHarness.ADMIN_KEY, "/admin/v1/reports/usage?" + MARCH + "&period=month"), 200);
        assertThat(rows(monthly, "requests", "charge_nano_usd")).containsExactly("2026-03-01T00:00:00Z 6 3000000260");
    }

    @Test
    void theCsvHasAHeaderRowAndMoneyInUsdWithNineDecimals() {
        HttpResponse<String> r = get(GatewayHarness.ADMIN_KEY, "/admin/v1/reports/usage?" + MARCH
                + "&period=day&group_by=team,model&org_id=" + orgA + "&format=csv");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/csv; charset=utf-8");
        assertThat(r.body().split("\r\n", -1)).containsExactly(
                "period_start,team_id,model,requests,errors,prompt_tokens,completion_tokens,cached_tokens,"
                        + "cache_write_tokens,reasoning_tokens,cache_hits,estimated_calls,cost_usd,charge_usd",
                "2026-03-01T00:00:00Z," + teamA1 + ",gpt-4o,3,0,300,30,0,0,0,0,0,1.500000000,3.000000003",
                "2026-03-02T00:00:00Z," + teamA2 + ",claude,2,1,200,20,0,0,0,0,0,0.000000125,0.000000250",
                "");
    }

    @Test
    void eachCallerCountsOnlyItsScope() {
        // a team admin: only their team, and asking for another is refused rather than answered empty
        JsonNode teamView = expect(get(teamAdminA1, "/admin/v1/reports/usage?" + MARCH + "&group_by=team"), 200);
        assertThat(rows(teamView, "team_id", "requests")).containsExactly("2026-03-01T00:00:00Z " + teamA1 + " 3");
        expect(get(teamAdminA1, "/admin/v1/reports/usage?" + MARCH + "&team_id=" + teamA2), 403);
        expect(get(teamAdminA1, "/admin/v1/reports/usage?" + MARCH + "&org_id=" + orgB), 403);

        // an auditor reads their whole organisation, nothing of another
        JsonNode auditorView = expect(get(auditorA, "/admin/v1/reports/usage?" + MARCH + "&period=month&group_by=team"), 200);
        assertThat(rows(auditorView, "team_id", "requests")).containsExactlyInAnyOrder(
                "2026-03-01T00:00:00Z " + teamA1 + " 3", "2026-03-01T00:00:00Z " + teamA2 + " 2");
        expect(get(auditorA, "/admin/v1/reports/usage?" + MARCH + "&org_id=" + orgB), 403);
        HttpResponse<String> auditorCsv = get(auditorA, "/admin/v1/reports/usage?" + MARCH + "&group_by=org&format=csv");
        assertThat(auditorCsv.body()).contains(orgA).doesNotContain(orgB);

        // a member: their own usage only
        JsonNode memberView = expect(get(memberA1, "/admin/v1/reports/usage?" + MARCH + "&period=month&group_by=user"), 200);
        assertThat(rows(memberView, "user_id", "requests", "charge_nano_usd"))
                .containsExactly("2026-03-01T00:00:00Z " + userA1 + " 3 3000000003");

        // raw events follow the same scope
        JsonNode teamEvents = expect(get(teamAdminA1, "/admin/v1/usage?" + MARCH), 200);
        assertThat(teamEvents.path("data")).hasSize(3).allSatisfy(e -> assertThat(e.path("team_id").asText()).isEqualTo(teamA1));
        expect(get(teamAdminA1, "/admin/v1/usage?team_id=" + teamA2), 403);
    }

    @Test
    void badParametersAreRefusedWithTheParameterNamed() {
        for (String[] bad : new String[][]{{"period=fortnight", "period"}, {"group_by=team,colour", "group_by"},
                {"format=xml", "format"}, {"from=yesterday", "from"},
                {"from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from"},
                {"period=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "period"}}) {
            JsonNode error = expect(get(GatewayHarness.ADMIN_KEY, "/admin/v1/reports/usage?" + bad[0]), 400);
            assertThat(error.path("error").path("param").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        expect(get(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?after=nonsense"), 400);
        expect(get(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?status=ok"), 400);
    }

    @Test
    void usagePagesWalkEveryEventNewestFirstWithFilters() {
        List<String> walked = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = expect(get(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?" + MARCH + "&limit=4"
                    + (after == null ? "" : "&after=" + after)), 200);
            page.path("data").forEach(e -> walked.add(e.path("request_id").asText()));
            after = page.path("has_more").asBoolean() ? page.path("next_after").asText() : null;
        } while (after != null);
        assertThat(walked).containsExactly("a2-1", "a2-0", "a1-2", "a1-1", "b1-0", "a1-0"); // same start: request id descending

        assertThat(ids(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?key_id=key-a2&status=429")).containsExactly("a2-1");
        assertThat(ids(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?request_id=a1-1")).containsExactly("a1-1");
        assertThat(ids(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?model=gpt-4o&" + MARCH + "&org_id=" + orgB))
                .containsExactly("b1-0");
        assertThat(ids(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?from=2026-03-01T09:16:00Z&to=2026-03-01T09:17:01Z"))
                .containsExactly("a1-2", "a1-1");
    }

    static List<String> ids(String adminKey, String path) {
        List<String> out = new ArrayList<>();
        expect(get(adminKey, path), 200).path("data").forEach(e -> out.add(e.path("request_id").asText()));
        return out;
    }

    @Test
    void aRealCallIsInTheReportOfItsHour() {
        String key = gw.createKey("{\"team_id\":\"" + teamA2 + "\"}");
        HttpResponse<String> call = gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());
        assertThat(call.statusCode()).isEqualTo(200);
        String requestId = call.headers().firstValue("x-request-id").orElseThrow();
        String path = "/admin/v1/reports/usage?period=hour&group_by=team,model&team_id=" + teamA2;

        await().atMost(Duration.ofSeconds(10)).until(() -> expect(get(GatewayHarness.ADMIN_KEY, path), 200)
                .path("totals").path("requests").asLong() == 1);
        JsonNode report = expect(get(GatewayHarness.ADMIN_KEY, path), 200);
        JsonNode event = expect(get(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?request_id=" + requestId), 200).path("data").get(0);
        assertThat(report.path("data")).singleElement().satisfies(row -> {
            assertThat(row.path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(row.path("prompt_tokens").asLong()).isEqualTo(event.path("prompt_tokens").asLong()).isPositive();
            assertThat(row.path("cost_nano_usd").asLong()).isEqualTo(event.path("cost_nano_usd").asLong());
        });
    }

    @Test
    void retentionDropsOldRawEventsWhileReportsKeepTheTotals() {
        Instant old = Instant.parse("2025-01-10T10:00:00Z");
        List<UsageEvent> january = List.of(
                event("old-0", old, orgA, teamA1, userA1, "key-a1", "gpt-4o", 200, 123_456_789),
                event("old-1", old.plusSeconds(86_400), orgA, teamA1, userA1, "key-a1", "gpt-4o", 200, 1));
        gw.gateway().storage().usage().book(january);
        String range = "from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z";
        String path = "/admin/v1/reports/usage?" + range + "&period=month&group_by=team&format=csv";
        String before = get(GatewayHarness.ADMIN_KEY, path).body();
        assertThat(before).endsWith("\r\n2025-01-01T00:00:00Z," + teamA1 + ",2,0,200,20,0,0,0,0,0,0.061728394,0.123456790\r\n");
        assertThat(ids(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?" + range)).containsExactly("old-1", "old-0");

        // what the hourly job does, as of 1 June 2025 with 30 days' retention
        UsageMaintenance run = gw.gateway().storage().usage().maintain(Instant.parse("2025-06-01T00:00:00Z"),
                new UsageRetention(30, 0));

        assertThat(run.eventsDeleted() + run.partitionsDropped().size()).isPositive();
        assertThat(ids(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?" + range)).as("raw events dropped").isEmpty();
        assertThat(get(GatewayHarness.ADMIN_KEY, path).body()).as("the report is unchanged").isEqualTo(before);
        assertThat(ids(GatewayHarness.ADMIN_KEY, "/admin/v1/usage?" + MARCH)).as("newer events kept").hasSize(6);
    }
}
