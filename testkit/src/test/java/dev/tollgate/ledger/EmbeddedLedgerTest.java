package dev.tollgate.ledger;

import dev.tollgate.server.ledger.WebhookAlerts;
import dev.tollgate.testkit.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.tollgate.ledger.LedgerHarness.CALL_NANO_USD;
import static dev.tollgate.ledger.LedgerHarness.admin;
import static dev.tollgate.ledger.LedgerHarness.count;
import static dev.tollgate.ledger.LedgerHarness.parallel;
import static dev.tollgate.ledger.LedgerHarness.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Budgets and prepaid balances on the embedded defaults: SQLite and in-process state. */
class EmbeddedLedgerTest {

    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = LedgerHarness.start(null, "local", "unused:");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static void awaitBooked(GatewayHarness g, String keyId, long events) {
        await().atMost(Duration.ofSeconds(20)).until(() -> g.gateway().pendingUsage() == 0
                && sum(g, "SELECT COUNT(*) FROM usage_events WHERE key_id = ?", keyId) == events);
    }

    @Test
    void twoHundredParallelCallsAgainstAHardBudgetForAHundredSpendAtMostItAndFailuresAreRefunded() throws Exception {
        LedgerHarness.Tenant t = LedgerHarness.tenant(gw);
        long amount = 100 * CALL_NANO_USD;
        try (WebhookReceiver receiver = new WebhookReceiver(1)) {
            JsonObject budget = admin(gw, "POST", "/admin/v1/budgets", new JsonObject().put("scope_kind", "key")
                    .put("scope_id", t.keyId()).put("amount_nano_usd", amount).put("period", "daily")
                    .put("time_zone", "Europe/Paris").put("enforcement", "hard")
                    .put("alert_thresholds", new JsonArray().add(50)).put("webhook_url", receiver.url()).encode(), 201);

            List<HttpResponse<String>> answers = parallel(List.of(gw), t.key(), "flaky", 200);

            long ok = count(answers, 200);
            long refused = count(answers, 429);
            // the upstream's 500s, answered as 502, and, when they come in a run, 503s from the breaker they opened
            long failed = 200 - ok - refused;
            System.out.printf("ledger burst (%s): 200 calls, %d answered, %d refused by the budget, %d failed%n",
                    "embedded", ok, refused, 200 - ok - refused);
            assertThat(answers).filteredOn(r -> r.statusCode() != 200 && r.statusCode() != 429)
                    .allSatisfy(r -> assertThat(r.statusCode()).isIn(502, 503));
            assertThat(ok).isBetween(1L, 100L);
            assertThat(failed).as("the simulator fails a quarter of the calls").isPositive();
            HttpResponse<String> refusal = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertThat(new JsonObject(refusal.body()).getJsonObject("error").getString("code")).isEqualTo("budget_exceeded");
            assertThat(refusal.headers().firstValue("x-should-retry")).hasValue("false");

            awaitBooked(gw, t.keyId(), 200);
            // exactly the successful calls were charged; failed and refused ones cost nothing
            assertThat(sum(gw, "SELECT COALESCE(SUM(charge_nano_usd), 0) FROM usage_events WHERE key_id = ?", t.keyId()))
                    .isEqualTo(ok * CALL_NANO_USD).isLessThanOrEqualTo(amount);
            assertThat(sum(gw, "SELECT COALESCE(SUM(charge_nano_usd), 0) FROM usage_events WHERE status <> 200 AND key_id = ?",
                    t.keyId())).isZero();
            JsonObject status = admin(gw, "GET", "/admin/v1/budgets/" + budget.getString("id") + "/status", null, 200);
            assertThat(status.getLong("spent_nano_usd")).isEqualTo(ok * CALL_NANO_USD);
            assertThat(status.getLong("reserved_nano_usd")).isZero();
            assertThat(status.getLong("remaining_nano_usd")).isEqualTo(amount - ok * CALL_NANO_USD);
            assertThat(status.getString("source")).isEqualTo("live");

            // 50% crossed once: one alert, delivered after a refused first attempt, signed
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted.size() == 1);
            assertThat(receiver.refused).hasValue(1);
            WebhookReceiver.Delivery d = receiver.accepted.getFirst();
            JsonObject alert = new JsonObject(d.body());
            assertThat(alert.getString("budget_id")).isEqualTo(budget.getString("id"));
            assertThat(alert.getInteger("threshold_percent")).isEqualTo(50);
            assertThat(alert.getLong("spent_nano_usd")).isGreaterThanOrEqualTo(amount / 2);
            String signature = d.header("x-tollgate-signature");
            long timestamp = Long.parseLong(signature.substring(2, signature.indexOf(',')));
            assertThat(signature).isEqualTo(WebhookAlerts.signature(LedgerHarness.WEBHOOK_SECRET, timestamp, d.body()));
        }
    }

    @Test
    void aPrepaidBalanceNeverGoesNegativeUnderConcurrency() throws Exception {
        LedgerHarness.Tenant t = LedgerHarness.tenant(gw);
        long credit = 50 * CALL_NANO_USD + CALL_NANO_USD / 2;
        LedgerHarness.prepaid(gw, t.userId(), credit);
        await().atMost(Duration.ofSeconds(5)).until(() -> gw.gateway().ledger().applies(
                new dev.tollgate.core.auth.Caller(t.keyId(), "", t.orgId(), null, t.userId(),
                        dev.tollgate.core.auth.ModelAccess.of(List.of()), List.of(), true, null)));

        List<HttpResponse<String>> answers = parallel(List.of(gw), t.key(), "metered", 200);

        long ok = count(answers, 200);
        assertThat(ok).isEqualTo(50);
        assertThat(count(answers, 402)).isEqualTo(150);
        HttpResponse<String> refusal = answers.stream().filter(r -> r.statusCode() == 402).findFirst().orElseThrow();
        assertThat(new JsonObject(refusal.body()).getJsonObject("error").getString("code")).isEqualTo("insufficient_balance");
        awaitBooked(gw, t.keyId(), 200);
        long charged = sum(gw, "SELECT COALESCE(SUM(charge_nano_usd), 0) FROM usage_events WHERE user_id = ?", t.userId());
        assertThat(credit - charged).isEqualTo(CALL_NANO_USD / 2).isNotNegative();
    }

    @Test
    void refusalsSpeakTheClientsDialect() {
        LedgerHarness.Tenant t = LedgerHarness.tenant(gw);
        admin(gw, "POST", "/admin/v1/budgets", "{\"scope_kind\":\"org\",\"scope_id\":\"" + t.orgId()
                + "\",\"amount_nano_usd\":0,\"period\":\"monthly\"}", 201);
        HttpResponse<String> openAi = gw.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gw.openAiBaseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + t.key()).header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(LedgerHarness.body("metered"))).build());
        assertThat(openAi.statusCode()).isEqualTo(429);
        JsonObject error = new JsonObject(openAi.body()).getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("insufficient_quota");
        assertThat(error.getString("code")).isEqualTo("budget_exceeded");
        assertThat(error.getString("message")).contains("monthly budget of org");

        HttpResponse<String> anthropic = gw.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gw.baseUrl() + "/v1/messages"))
                .header("x-api-key", t.key()).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"metered\",\"max_tokens\":16,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}")).build());
        assertThat(anthropic.statusCode()).isEqualTo(429);
        JsonObject body = new JsonObject(anthropic.body());
        assertThat(body.getString("type")).isEqualTo("error");
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo("rate_limit_error");
        assertThat(anthropic.headers().firstValue("x-should-retry")).hasValue("false");
    }

    @Test
    void aSoftBudgetNeverRefuses() {
        LedgerHarness.Tenant t = LedgerHarness.tenant(gw);
        JsonObject budget = admin(gw, "POST", "/admin/v1/budgets", "{\"scope_kind\":\"user\",\"scope_id\":\""
                + t.userId() + "\",\"amount_nano_usd\":1,\"enforcement\":\"soft\",\"period\":\"weekly\"}", 201);
        List<HttpResponse<String>> answers = parallel(List.of(gw), t.key(), "metered", 5);
        assertThat(count(answers, 200)).isEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin(gw, "GET",
                "/admin/v1/budgets/" + budget.getString("id") + "/status", null, 200).getLong("spent_nano_usd"))
                .isEqualTo(5 * CALL_NANO_USD));
    }

    @Test
    void budgetsAdminApiValidatesScopesAndAudits() {
        LedgerHarness.Tenant t = LedgerHarness.tenant(gw);
        LedgerHarness.Tenant other = LedgerHarness.tenant(gw);
        admin(gw, "POST", "/admin/v1/budgets", "{\"scope_kind\":\"team\",\"scope_id\":\"nope\",\"amount_nano_usd\":5}", 400);
        admin(gw, "POST", "/admin/v1/budgets", "{\"scope_kind\":\"org\",\"scope_id\":\"" + t.orgId()
                + "\",\"amount_nano_usd\":5,\"time_zone\":\"Mars/Olympus\"}", 400);
        admin(gw, "POST", "/admin/v1/budgets", "{\"scope_kind\":\"org\",\"scope_id\":\"" + t.orgId()
                + "\",\"amount_nano_usd\":-1}", 400);
        JsonObject created = admin(gw, "POST", "/admin/v1/budgets", "{\"scope_kind\":\"org\",\"scope_id\":\""
                + t.orgId() + "\",\"amount_nano_usd\":5000,\"alert_thresholds\":[80,50,80]}", 201);
        assertThat(created.getString("period")).isEqualTo("monthly");
        assertThat(created.getString("enforcement")).isEqualTo("hard");
        assertThat(created.getJsonArray("alert_thresholds").getList()).containsExactly(50, 80);
        String id = created.getString("id");

        // an org admin of another organisation neither sees nor changes it
        String otherAdmin = admin(gw, "POST", "/admin/v1/admin-keys", "{\"name\":\"oa\",\"role\":\"org_admin\",\"org_id\":\""
                + other.orgId() + "\"}", 201).getString("key");
        assertThat(adminAs(otherAdmin, "GET", "/admin/v1/budgets/" + id, null).statusCode()).isEqualTo(403);
        assertThat(adminAs(otherAdmin, "PATCH", "/admin/v1/budgets/" + id, "{\"amount_nano_usd\":1}").statusCode())
                .isEqualTo(403);
        assertThat(new JsonObject(adminAs(otherAdmin, "GET", "/admin/v1/budgets", null).body()).getJsonArray("data")
                .stream().map(o -> ((JsonObject) o).getString("id"))).doesNotContain(id);

        JsonObject patched = admin(gw, "PATCH", "/admin/v1/budgets/" + id, "{\"amount_nano_usd\":7000,\"enforcement\":\"soft\"}", 200);
        assertThat(patched.getLong("amount_nano_usd")).isEqualTo(7000);
        assertThat(patched.getString("enforcement")).isEqualTo("soft");
        assertThat(admin(gw, "GET", "/admin/v1/budgets?scope_kind=org&scope_id=" + t.orgId(), null, 200)
                .getJsonArray("data")).hasSize(1);
        admin(gw, "DELETE", "/admin/v1/budgets/" + id, null, 200);
        admin(gw, "GET", "/admin/v1/budgets/" + id, null, 404);
        JsonArray audit = admin(gw, "GET", "/admin/v1/audit?target_id=" + id, null, 200).getJsonArray("data");
        assertThat(audit.stream().map(o -> ((JsonObject) o).getString("action")))
                .contains("budget.create", "budget.update", "budget.delete");
    }

    private static HttpResponse<String> adminAs(String adminKey, String method, String path, String body) {
        return gw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.baseUrl() + path))
                .header("authorization", "Bearer " + adminKey).header("content-type", "application/json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
