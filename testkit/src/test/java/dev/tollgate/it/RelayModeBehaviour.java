package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.tollgate.it.TenancyAdminBehaviour.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relay-station mode over real sockets, once per storage backend: pricing groups, billing, credits and redemption
 * codes through the admin API (each role boundary), and the customer's own account API after real calls through
 * the gateway to the simulator.
 */
abstract class RelayModeBehaviour {

    static GatewayHarness gw;
    static String orgA;
    static String orgB;
    static String teamA;
    static String orgAdminA;
    static String orgAdminB;
    static String teamAdminA;
    static String auditorA;
    static String memberOfCustomer;

    /** Called by the subclasses once they started the gateway. */
    static void relay() {
        orgA = id(admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/orgs", "{\"name\":\"Reseller A\"}", 201));
        orgB = id(admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/orgs", "{\"name\":\"Reseller B\"}", 201));
        teamA = id(admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/teams",
                "{\"org_id\":\"" + orgA + "\",\"name\":\"retail\"}", 201));
        orgAdminA = adminKey("{\"role\":\"org_admin\",\"org_id\":\"" + orgA + "\"}");
        orgAdminB = adminKey("{\"role\":\"org_admin\",\"org_id\":\"" + orgB + "\"}");
        teamAdminA = adminKey("{\"role\":\"team_admin\",\"team_id\":\"" + teamA + "\"}");
        auditorA = adminKey("{\"role\":\"auditor\",\"org_id\":\"" + orgA + "\"}");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
            gw = null;
        }
    }

    // ---- helpers

    static HttpResponse<String> as(String key, String method, String path, String body) {
        return send(gw, key, method, path, body);
    }

    static HttpResponse<String> send(GatewayHarness node, String key, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return node.send(b.build());
    }

    static JsonNode admin(String key, String method, String path, String body, int status) {
        return expect(as(key, method, path, body), status);
    }

    static JsonNode expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return TenancyAdminBehaviour.json(r.body());
    }

    static String id(JsonNode n) {
        return n.path("id").asText();
    }

    static String adminKey(String body) {
        return admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/admin-keys", body, 201).path("key").asText();
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A user in team A of org A, optionally prepaid and in a group; returns its id. */
    static String user(String extra) {
        return id(admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/users", "{\"team_id\":\"" + teamA
                + "\",\"email\":\"" + unique() + "@shop.test\"" + extra + "}", 201));
    }

    static String keyOf(String userId) {
        return gw.createKey("{\"user_id\":\"" + userId + "\"}");
    }

    static String group(String multiplier, String ratios) {
        String name = "g-" + unique();
        admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/pricing-groups",
                "{\"name\":\"" + name + "\",\"multiplier\":\"" + multiplier + "\",\"model_ratios\":" + ratios + "}", 201);
        return name;
    }

    static HttpResponse<String> chat(GatewayHarness node, String key, String model) {
        return send(node, key, "POST", "/v1/chat/completions", "{\"model\":\"" + model
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say something about tolls.\"}]}");
    }

    static List<UsageEvent> bookedEvents(String userId, int count) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> gw.gateway().storage().usage().userEvents(userId, null, null, 1000), events -> events.size() >= count);
    }

    // ---- admin API: pricing groups

    @Test
    void pricingGroupsAreChangedByPlatformAdminsOnlyAndReadByAll() {
        String body = "{\"name\":\"g-" + unique() + "\",\"multiplier\":\"1.1\"}";
        assertThat(as(orgAdminA, "POST", "/admin/v1/pricing-groups", body).statusCode()).isEqualTo(403);
        String name = group("1.30", "{\"gpt-4o\":\"0.9\",\"gpt-4o-mini\":2}");

        JsonNode shown = admin(auditorA, "GET", "/admin/v1/pricing-groups/" + name, null, 200);
        assertThat(shown.path("multiplier").asText()).isEqualTo("1.30");
        assertThat(shown.path("model_ratios").path("gpt-4o").asText()).isEqualTo("0.9");
        assertThat(shown.path("model_ratios").path("gpt-4o-mini").asText()).isEqualTo("2");
        assertThat(admin(teamAdminA, "GET", "/admin/v1/pricing-groups", null, 200).path("data").toString()).contains(name);

        assertThat(as(orgAdminA, "PATCH", "/admin/v1/pricing-groups/" + name, "{\"multiplier\":\"9\"}").statusCode())
                .isEqualTo(403);
        assertThat(as(orgAdminA, "DELETE", "/admin/v1/pricing-groups/" + name, null).statusCode()).isEqualTo(403);
        assertThat(admin(GatewayHarness.ADMIN_KEY, "PATCH", "/admin/v1/pricing-groups/" + name,
                "{\"multiplier\":\"1.5\"}", 200).path("multiplier").asText()).isEqualTo("1.5");
        admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/pricing-groups", "{\"name\":\"bad\",\"multiplier\":\"-1\"}", 400);
        admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/pricing-groups", "{\"name\":\"" + name + "\"}", 409);

        String member = user(",\"pricing_group\":\"" + name + "\"");
        assertThat(as(GatewayHarness.ADMIN_KEY, "DELETE", "/admin/v1/pricing-groups/" + name, null).statusCode())
                .as("in use").isEqualTo(409);
        admin(GatewayHarness.ADMIN_KEY, "PATCH", "/admin/v1/users/" + member, "{\"pricing_group\":null}", 200);
        admin(GatewayHarness.ADMIN_KEY, "DELETE", "/admin/v1/pricing-groups/" + name, null, 200);

        JsonNode audit = admin(GatewayHarness.ADMIN_KEY, "GET", "/admin/v1/audit?target_id=" + name, null, 200);
        assertThat(audit.path("data").findValuesAsText("action"))
                .contains("pricing_group.create", "pricing_group.update", "pricing_group.delete");
    }

    // ---- admin API: billing and group of users

    @Test
    void billingAndGroupAreSetByPlatformAndOrgAdminsInTheirOrg() {
        String name = group("1", "{}");
        String u = user("");
        assertThat(admin(GatewayHarness.ADMIN_KEY, "GET", "/admin/v1/users/" + u, null, 200).path("billing").asText())
                .isEqualTo("invoiced");

        assertThat(as(teamAdminA, "PATCH", "/admin/v1/users/" + u, "{\"billing\":\"prepaid\"}").statusCode()).isEqualTo(403);
        assertThat(as(teamAdminA, "PATCH", "/admin/v1/users/" + u, "{\"pricing_group\":\"" + name + "\"}").statusCode())
                .isEqualTo(403);
        assertThat(as(orgAdminB, "PATCH", "/admin/v1/users/" + u, "{\"billing\":\"prepaid\"}").statusCode()).isEqualTo(403);
        assertThat(as(teamAdminA, "PATCH", "/admin/v1/users/" + u, "{\"name\":\"still fine\"}").statusCode()).isEqualTo(200);

        JsonNode after = admin(orgAdminA, "PATCH", "/admin/v1/users/" + u,
                "{\"billing\":\"prepaid\",\"pricing_group\":\"" + name + "\"}", 200);
        assertThat(after.path("billing").asText()).isEqualTo("prepaid");
        assertThat(after.path("pricing_group").asText()).isEqualTo(name);
        admin(orgAdminA, "PATCH", "/admin/v1/users/" + u, "{\"pricing_group\":\"no-such-group\"}", 400);
        admin(orgAdminA, "PATCH", "/admin/v1/users/" + u, "{\"billing\":\"monthly\"}", 400);
    }

    // ---- admin API: credits and balances

    @Test
    void creditsAreAddedByPlatformAndOrgAdminsWithinTheirOrgAndReadWithinScope() {
        String u = user(",\"billing\":\"prepaid\"");
        String path = "/admin/v1/users/" + u + "/credits";
        String topUp = "{\"amount_usd\":\"2.5\",\"reference\":\"INV-7\"}";

        assertThat(as(orgAdminB, "POST", path, topUp).statusCode()).as("another org").isEqualTo(403);
        assertThat(as(teamAdminA, "POST", path, topUp).statusCode()).as("team admins do not add money").isEqualTo(403);
        assertThat(as(auditorA, "POST", path, topUp).statusCode()).as("auditors are read-only").isEqualTo(403);
        assertThat(as(orgAdminB, "GET", "/admin/v1/users/" + u + "/balance", null).statusCode()).isEqualTo(403);
        assertThat(as(orgAdminB, "GET", path, null).statusCode()).isEqualTo(403);

        JsonNode added = admin(orgAdminA, "POST", path, topUp, 201);
        assertThat(added.path("amount_nano_usd").asLong()).isEqualTo(2_500_000_000L);
        assertThat(added.path("kind").asText()).isEqualTo("topup");
        assertThat(added.path("balance").path("balance_nano_usd").asLong()).isEqualTo(2_500_000_000L);
        admin(GatewayHarness.ADMIN_KEY, "POST", path, "{\"amount_nano_usd\":-1}", 400); // a negative top-up
        admin(GatewayHarness.ADMIN_KEY, "POST", path, "{\"amount_usd\":\"0.0000000001\"}", 400); // below a nano-USD
        admin(GatewayHarness.ADMIN_KEY, "POST", path, "{\"kind\":\"adjustment\",\"amount_usd\":-3}", 409);
        admin(GatewayHarness.ADMIN_KEY, "POST", path, "{\"kind\":\"adjustment\",\"amount_nano_usd\":-500000000}", 201);

        JsonNode balance = admin(auditorA, "GET", "/admin/v1/users/" + u + "/balance", null, 200);
        // 2,500,000,000 − 500,000,000 = 2,000,000,000 nano-USD, nothing charged yet
        assertThat(balance.path("credits_nano_usd").asLong()).isEqualTo(2_000_000_000L);
        assertThat(balance.path("charged_nano_usd").asLong()).isZero();
        assertThat(balance.path("balance_nano_usd").asLong()).isEqualTo(2_000_000_000L);
        JsonNode entries = admin(teamAdminA, "GET", path, null, 200);
        assertThat(entries.path("data").findValuesAsText("kind")).containsExactly("topup", "adjustment");

        JsonNode audit = admin(GatewayHarness.ADMIN_KEY, "GET", "/admin/v1/audit?target_id=" + u, null, 200);
        assertThat(audit.path("data").findValuesAsText("action")).contains("credit.add");
    }

    // ---- admin API: redemption codes

    @Test
    void redemptionCodesArePlatformOnlyShownOnceAndRevocable() {
        String batch = "{\"count\":3,\"amount_usd\":1.25,\"expires_at\":\"2099-01-01T00:00:00Z\"}";
        assertThat(as(orgAdminA, "POST", "/admin/v1/redemption-codes", batch).statusCode()).isEqualTo(403);
        assertThat(as(orgAdminA, "GET", "/admin/v1/redemption-codes", null).statusCode()).isEqualTo(403);

        JsonNode created = admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/redemption-codes", batch, 201);
        String batchId = id(created);
        assertThat(created.path("codes")).hasSize(3);
        assertThat(created.path("amount_nano_usd").asLong()).isEqualTo(1_250_000_000L);
        String code = created.path("codes").get(0).asText();
        assertThat(code).startsWith("tgr-");

        assertThat(as(orgAdminA, "GET", "/admin/v1/redemption-codes/" + batchId, null).statusCode()).isEqualTo(403);
        JsonNode shown = admin(GatewayHarness.ADMIN_KEY, "GET", "/admin/v1/redemption-codes/" + batchId, null, 200);
        assertThat(shown.toString()).as("codes are never shown again").doesNotContain(code.substring(10));
        assertThat(shown.path("codes").get(0).path("prefix").asText()).hasSize(10);
        assertThat(admin(GatewayHarness.ADMIN_KEY, "GET", "/admin/v1/redemption-codes?limit=200", null, 200)
                .path("data").findValuesAsText("id")).contains(batchId);

        String customer = keyOf(user(",\"billing\":\"prepaid\""));
        expect(redeem(customer, code), 200);
        assertThat(as(orgAdminA, "POST", "/admin/v1/redemption-codes/" + batchId + "/revoke", null).statusCode())
                .isEqualTo(403);
        JsonNode revoked = admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/redemption-codes/" + batchId + "/revoke",
                null, 200);
        assertThat(revoked.path("revoked_now").asInt()).isEqualTo(2);
        assertThat(revoked.path("redeemed").asInt()).isEqualTo(1);
        assertThat(expect(redeem(customer, created.path("codes").get(1).asText()), 410).path("error").path("code")
                .asText()).isEqualTo("redemption_code_revoked");
        admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/redemption-codes",
                "{\"count\":1,\"amount_usd\":1,\"expires_at\":\"2001-01-01T00:00:00Z\"}", 400);
        admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/redemption-codes", "{\"count\":0,\"amount_usd\":1}", 400);
    }

    // ---- customer API

    static HttpResponse<String> redeem(String key, String code) {
        return as(key, "POST", "/account/v1/redeem", "{\"code\":\"" + code + "\"}");
    }

    @Test
    void aPrepaidCustomerSeesBalanceAndUsageAfterRealCalls() {
        // factor on gpt-4o-mini: 1.2 × 1.25 = 1.5; on gpt-4o (no ratio): 1.2
        String name = group("1.2", "{\"gpt-4o-mini\":\"1.25\"}");
        String u = user(",\"billing\":\"prepaid\",\"pricing_group\":\"" + name + "\"");
        String key = keyOf(u);
        admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/users/" + u + "/credits", "{\"amount_usd\":1}", 201);

        Map<String, JsonNode> usageById = new HashMap<>();
        for (String model : List.of("gpt-4o-mini", "gpt-4o-mini", "gpt-4o")) {
            HttpResponse<String> r = chat(gw, key, model);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            usageById.put(r.headers().firstValue("x-request-id").orElseThrow(), TenancyAdminBehaviour.json(r.body())
                    .path("usage"));
        }
        List<UsageEvent> events = bookedEvents(u, 3);
        long charged = 0;
        for (UsageEvent e : events) {
            JsonNode usage = usageById.get(e.requestId());
            long p = usage.path("prompt_tokens").asLong();
            long c = usage.path("completion_tokens").asLong();
            if (e.model().equals("gpt-4o-mini")) {
                // cost: P × 0.15 + C × 0.60 USD per 1M tokens = 150·P + 600·C nano-USD;
                // charge × 1.5 = 225·P + 900·C (a whole number: no rounding needed)
                assertThat(e.costNanoUsd()).isEqualTo(150 * p + 600 * c);
                assertThat(e.chargeNanoUsd()).isEqualTo(225 * p + 900 * c);
            } else {
                // gpt-4o: 2.50 and 10.00 USD per 1M = 2,500·P + 10,000·C; × 1.2 = 3,000·P + 12,000·C
                assertThat(e.costNanoUsd()).isEqualTo(2_500 * p + 10_000 * c);
                assertThat(e.chargeNanoUsd()).isEqualTo(3_000 * p + 12_000 * c);
            }
            charged += e.chargeNanoUsd();
        }
        assertThat(charged).isPositive();

        JsonNode balance = expect(as(key, "GET", "/account/v1/balance", null), 200);
        assertThat(balance.path("billing").asText()).isEqualTo("prepaid");
        assertThat(balance.path("pricing_group").asText()).isEqualTo(name);
        assertThat(balance.path("credits_nano_usd").asLong()).isEqualTo(1_000_000_000L);
        assertThat(balance.path("charged_nano_usd").asLong()).isEqualTo(charged);
        assertThat(balance.path("balance_nano_usd").asLong()).isEqualTo(1_000_000_000L - charged);

        JsonNode page1 = expect(as(key, "GET", "/account/v1/usage?limit=2", null), 200);
        assertThat(page1.path("data")).hasSize(2);
        assertThat(page1.path("has_more").asBoolean()).isTrue();
        assertThat(page1.path("data").get(0).path("model").asText()).as("newest first").isEqualTo("gpt-4o");
        assertThat(page1.toString()).as("a customer never sees the upstream cost or where it was served")
                .doesNotContain("cost").doesNotContain("provider").doesNotContain("deployment");
        JsonNode page2 = expect(as(key, "GET", "/account/v1/usage?limit=2&before="
                + page1.path("next_before").asText(), null), 200);
        assertThat(page2.path("data")).hasSize(1);
        assertThat(page2.path("has_more").asBoolean()).isFalse();
        assertThat(page1.path("daily").get(0).path("calls").asLong()).isEqualTo(3);
        assertThat(page1.path("daily").get(0).path("charged_nano_usd").asLong()).isEqualTo(charged);

        JsonNode credits = expect(as(key, "GET", "/account/v1/credits", null), 200);
        assertThat(credits.path("data")).hasSize(1);
        assertThat(credits.path("data").get(0).path("kind").asText()).isEqualTo("topup");
        assertThat(credits.path("data").get(0).path("amount_nano_usd").asLong()).isEqualTo(1_000_000_000L);
        assertThat(credits.path("data").get(0).has("actor")).as("which admin key made it is the operator's business")
                .isFalse();
    }

    @Test
    void theAccountApiNeedsAUsersKey() {
        assertThat(expect(as(null, "GET", "/account/v1/balance", null), 401).path("error").path("type").asText())
                .isEqualTo("authentication_error");
        String serviceKey = gw.createKey("{\"team_id\":\"" + teamA + "\"}");
        assertThat(expect(as(serviceKey, "GET", "/account/v1/balance", null), 403).path("error").path("code").asText())
                .isEqualTo("key_has_no_user");
        assertThat(as(serviceKey, "POST", "/account/v1/balance", "{}").statusCode()).isEqualTo(405);
        assertThat(as(serviceKey, "GET", "/account/v1/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void redemptionRefusesUnknownAndUsedCodesClearlyAndLimitsGuessing() {
        String code = admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/redemption-codes",
                "{\"count\":1,\"amount_nano_usd\":700000000}", 201).path("codes").get(0).asText();
        String key = keyOf(user(",\"billing\":\"prepaid\""));

        JsonNode redeemed = expect(redeem(key, code.toLowerCase()), 200);
        assertThat(redeemed.path("amount_nano_usd").asLong()).isEqualTo(700_000_000L);
        assertThat(redeemed.path("balance").path("balance_nano_usd").asLong()).isEqualTo(700_000_000L);
        assertThat(expect(redeem(key, code), 409).path("error").path("code").asText()).isEqualTo("redemption_code_used");
        assertThat(expect(as(key, "POST", "/account/v1/redeem", "{}"), 400).path("error").path("param").asText())
                .isEqualTo("code");

        String guess = "tgr-" + "0".repeat(32);
        for (int i = 0; i < 10; i++) {
            assertThat(expect(redeem(key, guess), 400).path("error").path("code").asText())
                    .isEqualTo("redemption_code_unknown");
        }
        HttpResponse<String> throttled = redeem(key, guess);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("retry-after")).isPresent();
        assertThat(expect(as(key, "GET", "/account/v1/balance", null), 200).path("balance_nano_usd").asLong())
                .as("refusals credit nothing").isEqualTo(700_000_000L);
        JsonNode audit = admin(GatewayHarness.ADMIN_KEY, "GET", "/admin/v1/audit?action=credit.redeem&limit=200", null, 200);
        assertThat(audit.path("data").findValuesAsText("actor_role")).contains("customer");
        assertThat(audit.toString()).as("the audit shows the code's prefix, never the code").doesNotContain(code)
                .contains(code.substring(0, 10));
    }

    @Test
    void fiftyParallelRedemptionsOfOneCodeThroughTheApiCreditOnce() throws Exception {
        String code = admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/redemption-codes",
                "{\"count\":1,\"amount_usd\":\"3\"}", 201).path("codes").get(0).asText();
        List<String> keys = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // five customers race, ten requests each
            users.add(user(",\"billing\":\"prepaid\""));
            keys.add(keyOf(users.getLast()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                String key = keys.get(i % keys.size());
                statuses.add(pool.submit(() -> {
                    start.await();
                    return redeem(key, code).statusCode();
                }));
            }
            start.countDown();
            List<Integer> seen = new ArrayList<>();
            for (Future<Integer> f : statuses) {
                seen.add(f.get());
            }
            assertThat(seen).filteredOn(s -> s == 200).hasSize(1);
            assertThat(seen).filteredOn(s -> s == 409).hasSize(49);
        } finally {
            pool.shutdownNow();
        }
        long total = 0;
        for (String u : users) {
            total += admin(GatewayHarness.ADMIN_KEY, "GET", "/admin/v1/users/" + u + "/balance", null, 200)
                    .path("credits_nano_usd").asLong();
        }
        assertThat(total).isEqualTo(3_000_000_000L);
    }

    // ---- two nodes

    @Test
    void groupChangesChargeOnEveryNodeWithinASecond() throws Exception {
        try (GatewayHarness other = GatewayHarness.start(GatewayHarness.DEFAULT_CONFIG, gw.storageUrl(),
                gw.upstreamKey())) {
            String name = group("2", "{}");
            String u = user(",\"billing\":\"prepaid\"");
            // a prepaid user calls only with credit on the balance
            admin(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/users/" + u + "/credits", "{\"amount_usd\":\"100\"}", 201);
            String key = keyOf(u);
            await().atMost(Duration.ofSeconds(5)).until(() -> chat(other, key, "gpt-4o-mini").statusCode() == 200);

            // membership: the user joins the ×2 group on this node; the other node must charge ×2 within a second
            long joined = System.nanoTime();
            admin(GatewayHarness.ADMIN_KEY, "PATCH", "/admin/v1/users/" + u, "{\"pricing_group\":\"" + name + "\"}", 200);
            Map<String, Long> sentAfter = callsFor(other, key, Duration.ofMillis(1500), joined);
            double joinMs = firstChargedAt(u, sentAfter, 2);

            // the group itself: ×2 becomes ×3 on this node; the other node must follow within a second
            long changed = System.nanoTime();
            admin(GatewayHarness.ADMIN_KEY, "PATCH", "/admin/v1/pricing-groups/" + name, "{\"multiplier\":\"3\"}", 200);
            Map<String, Long> sentAfterChange = callsFor(other, key, Duration.ofMillis(1500), changed);
            double changeMs = firstChargedAt(u, sentAfterChange, 3);
            System.out.printf("relay propagation to another node: membership %.0f ms, group change %.0f ms%n",
                    joinMs, changeMs);
        }
    }

    /** Calls through {@code node} for {@code span}; request id → milliseconds after {@code since} it was sent. */
    private static Map<String, Long> callsFor(GatewayHarness node, String key, Duration span, long since)
            throws Exception {
        Map<String, Long> sent = new HashMap<>();
        long end = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < end) {
            long at = (System.nanoTime() - since) / 1_000_000;
            HttpResponse<String> r = chat(node, key, "gpt-4o-mini");
            assertThat(r.statusCode()).isEqualTo(200);
            sent.put(r.headers().firstValue("x-request-id").orElseThrow(), at);
        }
        return sent;
    }

    /**
     * Asserts that every call sent a second or more after the change was charged {@code factor} × cost, and returns
     * when (ms after the change) the first call so charged was sent.
     */
    private static double firstChargedAt(String userId, Map<String, Long> sent, long factor) {
        List<UsageEvent> events = await().atMost(Duration.ofSeconds(10)).until(
                () -> gw.gateway().storage().usage().userEvents(userId, null, null, 10_000).stream()
                        .filter(e -> sent.containsKey(e.requestId())).toList(), list -> list.size() == sent.size());
        long first = Long.MAX_VALUE;
        for (UsageEvent e : events) {
            long at = sent.get(e.requestId());
            boolean charged = e.chargeNanoUsd() == factor * e.costNanoUsd();
            if (at >= 1000) {
                assertThat(charged).as("call sent %d ms after the change: charge %d, cost %d", at, e.chargeNanoUsd(),
                        e.costNanoUsd()).isTrue();
            }
            if (charged) {
                first = Math.min(first, at);
            }
        }
        return first;
    }
}
