package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenancy, scoped admin identities and the audit log through the admin API, over real sockets; run once per
 * storage backend by the subclasses. Two orgs; org A has teams A1 and A2 with a user each.
 */
abstract class TenancyAdminBehaviour {

    static final ObjectMapper JSON = new ObjectMapper();

    static GatewayHarness gw;
    static String orgA;
    static String orgB;
    static String teamA1;
    static String teamA2;
    static String userA1;
    static String userA2;
    static String orgAdminA;
    static String teamAdminA1;
    static String memberA1;
    static String auditorA;
    /** Every plaintext gateway key created here; none may appear in any admin answer or audit entry. */
    static final List<String> plaintexts = new ArrayList<>();

    /** Called by the subclasses once they started the gateway (a superclass @BeforeAll would run first). */
    static void tenancy() {
        orgA = id(bootstrap("POST", "/admin/v1/orgs", "{\"name\":\"Acme\"}", 201));
        orgB = id(bootstrap("POST", "/admin/v1/orgs", "{\"name\":\"Other\"}", 201));
        teamA1 = id(bootstrap("POST", "/admin/v1/teams", "{\"org_id\":\"" + orgA + "\",\"name\":\"search\"}", 201));
        teamA2 = id(bootstrap("POST", "/admin/v1/teams", "{\"org_id\":\"" + orgA + "\",\"name\":\"ads\"}", 201));
        userA1 = id(bootstrap("POST", "/admin/v1/users", "{\"team_id\":\"" + teamA1 + "\",\"email\":\"Ann@Acme.test\"}", 201));
        userA2 = id(bootstrap("POST", "/admin/v1/users", "{\"team_id\":\"" + teamA2 + "\",\"email\":\"bob@acme.test\"}", 201));
        orgAdminA = adminKey("{\"role\":\"org_admin\",\"org_id\":\"" + orgA + "\"}");
        teamAdminA1 = adminKey("{\"role\":\"team_admin\",\"team_id\":\"" + teamA1 + "\"}");
        memberA1 = adminKey("{\"role\":\"member\",\"user_id\":\"" + userA1 + "\"}");
        auditorA = adminKey("{\"role\":\"auditor\",\"org_id\":\"" + orgA + "\"}");
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
            gw = null;
        }
    }

    static HttpResponse<String> as(String adminKey, String method, String path, String body) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
                .header("authorization", "Bearer " + adminKey).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static JsonNode bootstrap(String method, String path, String body, int expectedStatus) {
        return expect(as(GatewayHarness.ADMIN_KEY, method, path, body), expectedStatus);
    }

    static JsonNode expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return json(r.body());
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static String id(JsonNode n) {
        return n.path("id").asText();
    }

    static String adminKey(String body) {
        String key = bootstrap("POST", "/admin/v1/admin-keys", body, 201).path("key").asText();
        assertThat(key).startsWith("tga-");
        return key;
    }

    /** Creates a gateway key as {@code adminKey}; returns the created object, plaintext under "key". */
    static JsonNode gatewayKey(String adminKey, String body) {
        JsonNode created = expect(as(adminKey, "POST", "/admin/v1/keys", body), 201);
        plaintexts.add(created.path("key").asText());
        return created;
    }

    static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("data").forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    @Test
    void keysOwnedByAUserOrATeamCarryTheDerivedOrgAndTeam() {
        JsonNode userKey = gatewayKey(GatewayHarness.ADMIN_KEY, "{\"user_id\":\"" + userA1 + "\"}");
        assertThat(userKey.path("org_id").asText()).isEqualTo(orgA);
        assertThat(userKey.path("team_id").asText()).isEqualTo(teamA1);
        JsonNode serviceKey = gatewayKey(GatewayHarness.ADMIN_KEY, "{\"team_id\":\"" + teamA2 + "\"}");
        assertThat(serviceKey.path("org_id").asText()).isEqualTo(orgA);
        assertThat(serviceKey.path("user_id").isNull()).isTrue();
        assertThat(as(GatewayHarness.ADMIN_KEY, "POST", "/admin/v1/keys",
                "{\"user_id\":\"" + userA1 + "\",\"team_id\":\"" + teamA1 + "\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void aTeamAdminSeesAndManagesOnlyItsTeam() {
        String mine = id(gatewayKey(teamAdminA1, "{\"team_id\":\"" + teamA1 + "\"}"));
        String theirs = id(gatewayKey(GatewayHarness.ADMIN_KEY, "{\"team_id\":\"" + teamA2 + "\"}"));

        assertThat(as(teamAdminA1, "GET", "/admin/v1/keys/" + mine, null).statusCode()).isEqualTo(200);
        assertThat(expect(as(teamAdminA1, "GET", "/admin/v1/keys/" + theirs, null), 403).path("error").path("type").asText())
                .isEqualTo("permission_error");
        assertThat(as(teamAdminA1, "DELETE", "/admin/v1/keys/" + theirs, null).statusCode()).isEqualTo(403);
        assertThat(as(teamAdminA1, "POST", "/admin/v1/keys", "{\"team_id\":\"" + teamA2 + "\"}").statusCode()).isEqualTo(403);
        assertThat(as(teamAdminA1, "GET", "/admin/v1/keys?team_id=" + teamA2, null).statusCode()).isEqualTo(403);
        assertThat(ids(expect(as(teamAdminA1, "GET", "/admin/v1/keys?limit=200", null), 200))).contains(mine).doesNotContain(theirs);
        assertThat(as(teamAdminA1, "GET", "/admin/v1/users/" + userA2, null).statusCode()).isEqualTo(403);
        assertThat(as(teamAdminA1, "POST", "/admin/v1/teams", "{\"org_id\":\"" + orgA + "\",\"name\":\"x\"}").statusCode())
                .isEqualTo(403);
        assertThat(as(teamAdminA1, "POST", "/admin/v1/admin-keys", "{\"role\":\"org_admin\",\"org_id\":\"" + orgA + "\"}")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void anOrgAdminStaysInsideItsOrg() {
        String teamB = id(bootstrap("POST", "/admin/v1/teams", "{\"org_id\":\"" + orgB + "\",\"name\":\"b\"}", 201));
        assertThat(as(orgAdminA, "GET", "/admin/v1/teams/" + teamB, null).statusCode()).isEqualTo(403);
        assertThat(as(orgAdminA, "GET", "/admin/v1/orgs/" + orgB, null).statusCode()).isEqualTo(403);
        assertThat(as(orgAdminA, "POST", "/admin/v1/teams", "{\"org_id\":\"" + orgB + "\",\"name\":\"y\"}").statusCode()).isEqualTo(403);
        assertThat(as(orgAdminA, "POST", "/admin/v1/orgs", "{\"name\":\"mine now\"}").statusCode()).isEqualTo(403);
        assertThat(ids(expect(as(orgAdminA, "GET", "/admin/v1/teams", null), 200))).contains(teamA1, teamA2).doesNotContain(teamB);
        assertThat(ids(expect(as(orgAdminA, "GET", "/admin/v1/orgs", null), 200))).containsExactly(orgA);
        assertThat(as(orgAdminA, "POST", "/admin/v1/teams", "{\"name\":\"infra\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void aMemberSeesOnlyItsOwnKeysAndAnAuditorOnlyReads() {
        String own = id(gatewayKey(memberA1, "{\"name\":\"mine\"}"));
        String colleague = id(gatewayKey(GatewayHarness.ADMIN_KEY, "{\"user_id\":\"" + userA2 + "\"}"));
        assertThat(ids(expect(as(memberA1, "GET", "/admin/v1/keys", null), 200))).contains(own).doesNotContain(colleague);
        assertThat(as(memberA1, "GET", "/admin/v1/keys/" + colleague, null).statusCode()).isEqualTo(403);
        assertThat(as(memberA1, "POST", "/admin/v1/keys", "{\"user_id\":\"" + userA2 + "\"}").statusCode()).isEqualTo(403);
        assertThat(as(memberA1, "GET", "/admin/v1/audit", null).statusCode()).isEqualTo(403);

        assertThat(ids(expect(as(auditorA, "GET", "/admin/v1/keys?limit=200", null), 200))).contains(own, colleague);
        assertThat(as(auditorA, "DELETE", "/admin/v1/keys/" + own, null).statusCode()).isEqualTo(403);
        assertThat(as(auditorA, "POST", "/admin/v1/keys", "{\"user_id\":\"" + userA1 + "\"}").statusCode()).isEqualTo(403);
        assertThat(as(auditorA, "PATCH", "/admin/v1/teams/" + teamA1, "{\"name\":\"z\"}").statusCode()).isEqualTo(403);
        assertThat(as(auditorA, "GET", "/admin/v1/audit?org_id=" + orgB, null).statusCode()).isEqualTo(403);
    }

    @Test
    void revocationTakesEffectAtOnceAndIsAuditedWithBeforeAndAfter() {
        JsonNode created = gatewayKey(teamAdminA1, "{\"team_id\":\"" + teamA1 + "\",\"models\":[\"gpt-4o*\"]}");
        String plaintext = created.path("key").asText();
        assertThat(gw.get("/v1/models", plaintext).statusCode()).isEqualTo(200);

        expect(as(teamAdminA1, "POST", "/admin/v1/keys/" + id(created) + "/revoke", null), 200);
        assertThat(gw.get("/v1/models", plaintext).statusCode()).isEqualTo(401);

        JsonNode audit = expect(as(auditorA, "GET", "/admin/v1/audit?target_type=key&target_id=" + id(created), null), 200);
        assertThat(audit.path("data")).hasSize(2);
        JsonNode revoke = audit.path("data").get(0);
        assertThat(revoke.path("action").asText()).isEqualTo("key.revoke");
        assertThat(revoke.path("actor_role").asText()).isEqualTo("team_admin");
        assertThat(revoke.path("team_id").asText()).isEqualTo(teamA1);
        assertThat(revoke.path("before").path("revoked_at").isNull()).isTrue();
        assertThat(revoke.path("after").path("revoked_at").asText()).isNotEmpty();
        assertThat(revoke.path("request_id").asText()).isNotEmpty();
        assertThat(audit.path("data").get(1).path("action").asText()).isEqualTo("key.create");
        assertThat(audit.path("data").get(1).path("before").isNull()).isTrue();
    }

    @Test
    void deletesAreRefusedWhileSomethingBelongsToTheEntityAndUpdatesAreAudited() {
        String team = id(bootstrap("POST", "/admin/v1/teams", "{\"org_id\":\"" + orgB + "\",\"name\":\"" + UUID.randomUUID() + "\"}", 201));
        String user = id(bootstrap("POST", "/admin/v1/users", "{\"team_id\":\"" + team + "\",\"email\":\"c@b.test\"}", 201));
        assertThat(bootstrap("DELETE", "/admin/v1/teams/" + team, null, 409).path("error").path("code").asText()).isEqualTo("conflict");
        bootstrap("PATCH", "/admin/v1/users/" + user, "{\"name\":\"Cleo\",\"team_id\":null}", 200);
        bootstrap("DELETE", "/admin/v1/teams/" + team, null, 200);
        bootstrap("GET", "/admin/v1/teams/" + team, null, 404);
        JsonNode update = bootstrap("GET", "/admin/v1/audit?action=user.update&target_id=" + user, null, 200).path("data").get(0);
        assertThat(update.path("before").path("team_id").asText()).isEqualTo(team);
        assertThat(update.path("after").path("name").asText()).isEqualTo("Cleo");
        assertThat(update.path("actor_id").asText()).isEqualTo("bootstrap");
    }

    @Test
    void revokedAdminKeysStopWorkingAndUnknownOnesAre401() {
        JsonNode created = bootstrap("POST", "/admin/v1/admin-keys", "{\"role\":\"auditor\"}", 201);
        String key = created.path("key").asText();
        assertThat(as(key, "GET", "/admin/v1/keys", null).statusCode()).isEqualTo(200);
        String id = id(created);
        bootstrap("DELETE", "/admin/v1/admin-keys/" + id, null, 200);
        assertThat(as(key, "GET", "/admin/v1/keys", null).statusCode()).isEqualTo(401);
        assertThat(as("tga-" + UUID.randomUUID(), "GET", "/admin/v1/keys", null).statusCode()).isEqualTo(401);
        assertThat(as(gw.key(), "GET", "/admin/v1/keys", null).statusCode()).isEqualTo(401);
    }

    @Test
    void noAdminAnswerOrAuditEntryHoldsASecret() {
        gatewayKey(orgAdminA, "{\"user_id\":\"" + userA2 + "\"}");
        List<String> answers = new ArrayList<>();
        for (String path : List.of("/admin/v1/keys?limit=200", "/admin/v1/admin-keys?limit=200", "/admin/v1/audit?limit=200",
                "/admin/v1/orgs", "/admin/v1/teams?limit=200", "/admin/v1/users?limit=200", "/admin/v1/usage")) {
            answers.add(bootstrap("GET", path, null, 200).toString());
        }
        assertThat(plaintexts).isNotEmpty();
        for (String answer : answers) {
            assertThat(answer).doesNotContain(gw.upstreamKey()).doesNotContain(gw.key()).doesNotContain(GatewayHarness.ADMIN_KEY);
            plaintexts.forEach(p -> assertThat(answer).doesNotContain(p).doesNotContain(dev.tollgate.core.auth.GatewayKeys.hash(p)));
        }
        assertThat(String.join("\n", answers)).contains("key.create");
    }
}
