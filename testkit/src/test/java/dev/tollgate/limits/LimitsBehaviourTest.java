package dev.tollgate.limits;

import dev.tollgate.testkit.GatewayHarness;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate limits on an embedded gateway (SQLite, in-process state): where policies come from and what clients see. */
class LimitsBehaviourTest {

    static final String CONFIG = """
            server: { port: 0 }
            storage: { url: "${STORAGE}" }
            limits:
              policies:
                two_per_minute: { rpm: 2 }
                small_tokens: { tpm: 1000 }
                one_at_once: { concurrency: 1 }
                roomy: { rpm: 1000 }
            providers:
              - { name: sim, type: openai, base_url: "${SIM}", keys: ["${UPSTREAM_KEY}"] }
            models:
              - name: fast
                deployments: [{ provider: sim, model: "gpt-4o-mini" }]
              - name: shared
                limits: { rpm: 3 }
                deployments: [{ provider: sim, model: "gpt-4o-mini" }]
              - name: slow
                deployments: [{ provider: sim, model: "gpt-4o-mini+ttft_ms=800" }]
            """;

    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.start(CONFIG, null, "sk-sim-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    static JsonObject admin(String method, String path, JsonObject body, int expected) {
        HttpResponse<String> r = gw.admin(method, path, body == null ? null : body.encode());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return new JsonObject(r.body());
    }

    static HttpResponse<String> chat(String key, String model, int maxTokens) {
        return gw.send(request(key, model, maxTokens));
    }

    static HttpRequest request(String key, String model, int maxTokens) {
        return HttpRequest.newBuilder(URI.create(gw.openAiBaseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}")).build();
    }

    /** An organisation, a team in it, a user in the team, and a key of the user. */
    record Tenant(String org, String team, String user, String keyId, String key) {
    }

    static Tenant tenant() {
        String org = admin("POST", "/admin/v1/orgs", new JsonObject().put("name", "o-" + UUID.randomUUID()), 201)
                .getString("id");
        String team = admin("POST", "/admin/v1/teams", new JsonObject().put("org_id", org).put("name", "t"), 201)
                .getString("id");
        String user = admin("POST", "/admin/v1/users", new JsonObject().put("org_id", org).put("team_id", team)
                .put("email", "u" + UUID.randomUUID() + "@example.com"), 201).getString("id");
        JsonObject key = admin("POST", "/admin/v1/keys", new JsonObject().put("user_id", user), 201);
        return new Tenant(org, team, user, key.getString("id"), key.getString("key"));
    }

    @Test
    void aTeamPolicySetThroughTheAdminApiLimitsItsUsersKeysWithOpenAiHeaders() {
        Tenant t = tenant();
        JsonObject team = admin("PATCH", "/admin/v1/teams/" + t.team(),
                new JsonObject().put("rate_limit_policy", "two_per_minute"), 200);
        assertThat(team.getString("rate_limit_policy")).isEqualTo("two_per_minute");
        HttpResponse<String> first = chat(t.key(), "fast", 16);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
        assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).hasValueSatisfying(v ->
                assertThat(v).matches("\\d+(\\.\\d+)?s|\\d+ms"));
        assertThat(chat(t.key(), "fast", 16).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = chat(t.key(), "fast", 16);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("message"))
                .contains("requests per minute", "team '" + t.team() + "'");

        // the key gets a roomier policy of its own: the team's still applies
        JsonObject key = admin("PATCH", "/admin/v1/keys/" + t.keyId(),
                new JsonObject().put("rate_limit_policy", "roomy"), 200);
        assertThat(key.getString("rate_limit_policy")).isEqualTo("roomy");
        assertThat(chat(t.key(), "fast", 16).statusCode()).isEqualTo(429);
        // the team's policy removed: only the key's
        admin("PATCH", "/admin/v1/teams/" + t.team(), new JsonObject().putNull("rate_limit_policy"), 200);
        HttpResponse<String> freed = chat(t.key(), "fast", 16);
        assertThat(freed.statusCode()).isEqualTo(200);
        assertThat(freed.headers().firstValue("x-ratelimit-limit-requests")).hasValue("1000");
    }

    @Test
    void userAndOrganisationPoliciesApplyToo() {
        Tenant t = tenant();
        admin("PATCH", "/admin/v1/users/" + t.user(), new JsonObject().put("rate_limit_policy", "two_per_minute"), 200);
        assertThat(admin("GET", "/admin/v1/users/" + t.user(), null, 200).getString("rate_limit_policy"))
                .isEqualTo("two_per_minute");
        chat(t.key(), "fast", 16);
        chat(t.key(), "fast", 16);
        assertThat(chat(t.key(), "fast", 16).statusCode()).isEqualTo(429);

        Tenant other = tenant();
        admin("PATCH", "/admin/v1/orgs/" + other.org(), new JsonObject().put("rate_limit_policy", "two_per_minute"),
                200);
        String second = admin("POST", "/admin/v1/keys", new JsonObject().put("user_id", other.user()), 201)
                .getString("key");
        assertThat(chat(other.key(), "fast", 16).statusCode()).isEqualTo(200);
        assertThat(chat(second, "fast", 16).statusCode()).isEqualTo(200);
        assertThat(chat(other.key(), "fast", 16).statusCode()).as("the organisation's two are used up").isEqualTo(429);
    }

    @Test
    void aModelGroupsLimitCountsEveryCaller() {
        List<String> keys = List.of(tenant().key(), tenant().key());
        int ok = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = chat(keys.get(i % 2), "shared", 16);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.body()).contains("model 'shared'");
            }
        }
        assertThat(ok).isEqualTo(3);
    }

    @Test
    void aRequestLargerThanTheTokenLimitIsRefusedAndNotWorthRetrying() {
        Tenant t = tenant();
        admin("PATCH", "/admin/v1/keys/" + t.keyId(), new JsonObject().put("rate_limit_policy", "small_tokens"), 200);
        HttpResponse<String> refused = chat(t.key(), "fast", 5_000);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("x-should-retry")).hasValue("false");
        assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code"))
                .isEqualTo("tokens_limit_unattainable");
        HttpResponse<String> fits = chat(t.key(), "fast", 16);
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(fits.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("1000");
    }

    @Test
    void aConcurrencyLimitRefusesWhileTheSlotIsTakenAndFreesItWhenTheCallEnds() {
        Tenant t = tenant();
        admin("PATCH", "/admin/v1/keys/" + t.keyId(), new JsonObject().put("rate_limit_policy", "one_at_once"), 200);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> chat(t.key(), "slow", 16)));
        }
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
        assertThat(statuses).containsOnly(200, 429);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        assertThat(chat(t.key(), "slow", 16).statusCode()).isEqualTo(200);
    }

    @Test
    void aBlankPolicyNameIsRefused() {
        Tenant t = tenant();
        admin("PATCH", "/admin/v1/keys/" + t.keyId(), new JsonObject().put("rate_limit_policy", " "), 400);
    }
}
