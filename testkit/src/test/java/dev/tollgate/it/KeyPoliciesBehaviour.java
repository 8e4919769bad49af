package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-key policies enforced at authentication (enabled, expiry, IP allow-list, models, brute-force lockout), the
 * admin calls that change them (PATCH, rotate) and idempotent admin creates, over real sockets; run once per
 * storage backend by the subclasses.
 */
abstract class KeyPoliciesBehaviour {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    static GatewayHarness gw;

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
            gw = null;
        }
    }

    static HttpResponse<String> admin(String method, String path, String body) {
        return gw.admin(method, path, body);
    }

    static JsonNode expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return json(r.body());
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(s, e);
        }
    }

    static JsonNode createKey(String body) {
        return expect(admin("POST", "/admin/v1/keys", body), 201);
    }

    static HttpResponse<String> models(String key) {
        return gw.get("/v1/models", key);
    }

    static HttpResponse<String> call(String path, String key, String body) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
                .header("authorization", "Bearer " + key).header("x-api-key", key)
                .header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> modelsFrom(String localIp, String key) {
        return getFrom(localIp, "/v1/models", key);
    }

    /** A call whose socket is bound to {@code localIp} (any 127.x address reaches the gateway on Linux). */
    static HttpResponse<String> getFrom(String localIp, String path, String key) {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .localAddress(InetAddress.getByName(localIp)).connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
                    .header("authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode latestAudit(String action, String targetId) {
        JsonNode data = expect(admin("GET", "/admin/v1/audit?action=" + action + "&target_id=" + targetId, null), 200)
                .path("data");
        assertThat(data).as("audit entries for %s %s", action, targetId).isNotEmpty();
        return data.get(0);
    }

    static UsageEvent booked(String requestId) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> gw.gateway().storage().usage().recent(1000).stream()
                .filter(e -> e.requestId().equals(requestId)).findFirst(), Optional::isPresent).orElseThrow();
    }

    @Test
    void aDisabledKeyIsRefusedLikeARevokedOneUntilEnabledAgain() {
        JsonNode created = createKey("{\"name\":\"switchable\"}");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        assertThat(models(key).statusCode()).isEqualTo(200);

        JsonNode disabled = expect(admin("PATCH", "/admin/v1/keys/" + id, "{\"enabled\":false}"), 200);
        assertThat(disabled.path("enabled").asBoolean()).isFalse();
        JsonNode refused = expect(call("/v1/chat/completions", key, CHAT.formatted("gpt-4o-mini")), 401);
        assertThat(refused.path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(refused.path("error").path("message").asText()).contains("disabled");
        JsonNode anthropic = expect(call("/v1/messages", key,
                "{\"model\":\"gpt-4o-mini\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 401);
        assertThat(anthropic.path("type").asText()).isEqualTo("error");
        assertThat(anthropic.path("error").path("type").asText()).isEqualTo("authentication_error");

        expect(admin("PATCH", "/admin/v1/keys/" + id, "{\"enabled\":true}"), 200);
        assertThat(models(key).statusCode()).isEqualTo(200);

        JsonNode audit = expect(admin("GET", "/admin/v1/audit?action=key.update&target_id=" + id, null), 200).path("data");
        assertThat(audit).hasSize(2);
        JsonNode off = audit.get(1);
        assertThat(off.path("before").path("enabled").asBoolean()).isTrue();
        assertThat(off.path("after").path("enabled").asBoolean()).isFalse();
        assertThat(audit.toString()).doesNotContain(key);
    }

    @Test
    void anExpiredKeyIsRefusedOnceItsExpiryPasses() {
        JsonNode created = createKey("{\"expires_at\":\"" + Instant.now().plusSeconds(2) + "\"}");
        String key = created.path("key").asText();
        assertThat(models(key).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> models(key).statusCode() == 401);
        assertThat(json(models(key).body()).path("error").path("message").asText()).contains("expired");
    }

    @Test
    void patchingTheExpiryRevivesOrEndsAKeyAtOnce() {
        JsonNode created = createKey("{}");
        String key = created.path("key").asText();
        String id = created.path("id").asText();
        expect(admin("PATCH", "/admin/v1/keys/" + id, "{\"expires_at\":\"2001-01-01T00:00:00Z\"}"), 200);
        assertThat(models(key).statusCode()).isEqualTo(401);
        JsonNode cleared = expect(admin("PATCH", "/admin/v1/keys/" + id, "{\"expires_at\":null,\"name\":\"renamed\","
                + "\"metadata\":{\"env\":\"prod\"}}"), 200);
        assertThat(cleared.path("expires_at").isNull()).isTrue();
        assertThat(cleared.path("name").asText()).isEqualTo("renamed");
        assertThat(cleared.path("metadata").path("env").asText()).isEqualTo("prod");
        assertThat(models(key).statusCode()).isEqualTo(200);
        assertThat(latestAudit("key.update", id).path("after").path("name").asText()).isEqualTo("renamed");
    }

    @Test
    void rotationKeepsTheOldKeyValidForTheOverlapOnlyAndAuditsBothKeys() {
        JsonNode original = createKey("{\"name\":\"svc\",\"models\":[\"gpt-4o*\"],\"metadata\":{\"app\":\"x\"}}");
        String oldKey = original.path("key").asText();
        String oldId = original.path("id").asText();

        JsonNode rotated = expect(admin("POST", "/admin/v1/keys/" + oldId + "/rotate", "{\"overlap_seconds\":2}"), 201);
        String newKey = rotated.path("key").asText();
        String newId = rotated.path("id").asText();
        assertThat(newKey).startsWith("tg-").isNotEqualTo(oldKey);
        assertThat(rotated.path("name").asText()).isEqualTo("svc");
        assertThat(rotated.path("models").toString()).isEqualTo("[\"gpt-4o*\"]");
        assertThat(rotated.path("metadata").path("app").asText()).isEqualTo("x");
        assertThat(rotated.path("previous_key").path("id").asText()).isEqualTo(oldId);
        assertThat(rotated.path("previous_key").path("expires_at").asText()).isNotEmpty();

        assertThat(models(newKey).statusCode()).isEqualTo(200);
        assertThat(models(oldKey).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> models(oldKey).statusCode() == 401);
        assertThat(models(newKey).statusCode()).isEqualTo(200);

        JsonNode oldEntry = latestAudit("key.rotate", oldId);
        assertThat(oldEntry.path("before").path("expires_at").isNull()).isTrue();
        assertThat(oldEntry.path("after").path("successor_id").asText()).isEqualTo(newId);
        assertThat(latestAudit("key.create", newId).path("after").path("rotated_from").asText()).isEqualTo(oldId);
        expect(admin("POST", "/admin/v1/keys/" + oldId + "/rotate", "{}"), 409);
    }

    @Test
    void rotationRefusesAnOverlapOutsideItsBounds() {
        String id = createKey("{}").path("id").asText();
        assertThat(expect(admin("POST", "/admin/v1/keys/" + id + "/rotate", "{\"overlap_seconds\":604801}"), 400)
                .path("error").path("param").asText()).isEqualTo("overlap_seconds");
        expect(admin("POST", "/admin/v1/keys/" + id + "/rotate", "{\"overlap_seconds\":-1}"), 400);
        JsonNode rotated = expect(admin("POST", "/admin/v1/keys/" + id + "/rotate", null), 201);
        Instant oldExpiry = Instant.parse(rotated.path("previous_key").path("expires_at").asText());
        assertThat(oldExpiry).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
    }

    @Test
    void theIpAllowListAdmitsListedAddressesAndRefusesOthersIn403BookedAgainstTheKey() {
        JsonNode created = createKey("{\"allowed_ips\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}");
        String key = created.path("key").asText();
        String id = created.path("id").asText();

        HttpResponse<String> refused = call("/v1/chat/completions", key, CHAT.formatted("gpt-4o-mini"));
        JsonNode error = expect(refused, 403).path("error");
        assertThat(error.path("type").asText()).isEqualTo("permission_error");
        assertThat(error.path("code").asText()).isEqualTo("ip_not_allowed");
        UsageEvent booked = booked(refused.headers().firstValue("x-request-id").orElseThrow());
        assertThat(booked.status()).isEqualTo(403);
        assertThat(booked.keyId()).isEqualTo(id);
        JsonNode responses = expect(call("/v1/responses", key, "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}"), 403);
        assertThat(responses.path("error").path("code").asText()).isEqualTo("ip_not_allowed");

        expect(admin("PATCH", "/admin/v1/keys/" + id, "{\"allowed_ips\":[\"127.0.0.1/32\",\"::1\"]}"), 200);
        assertThat(modelsFrom("127.0.0.1", key).statusCode()).isEqualTo(200);
        assertThat(modelsFrom("127.0.0.2", key).statusCode()).isEqualTo(403);

        expect(admin("PATCH", "/admin/v1/keys/" + id, "{\"allowed_ips\":[]}"), 200);
        assertThat(modelsFrom("127.0.0.2", key).statusCode()).isEqualTo(200);

        assertThat(expect(admin("PATCH", "/admin/v1/keys/" + id, "{\"allowed_ips\":[\"10.0.0.0/40\"]}"), 400)
                .path("error").path("param").asText()).isEqualTo("allowed_ips");
        JsonNode audit = latestAudit("key.update", id);
        assertThat(audit.path("before").path("allowed_ips").toString()).contains("127.0.0.1/32");
        assertThat(audit.path("after").path("allowed_ips").size()).isZero();
    }

    @Test
    void changedModelPatternsTakeEffectAtOnce() {
        JsonNode created = createKey("{\"models\":[\"gpt-4o*\"]}");
        String key = created.path("key").asText();
        assertThat(call("/v1/chat/completions", key, CHAT.formatted("gpt-4o-mini")).statusCode()).isEqualTo(200);
        expect(admin("PATCH", "/admin/v1/keys/" + created.path("id").asText(), "{\"models\":[\"*-small\"]}"), 200);
        assertThat(expect(call("/v1/chat/completions", key, CHAT.formatted("gpt-4o-mini")), 403)
                .path("error").path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(call("/v1/embeddings", key, "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void keyChangesStayInsideTheCallersScope() {
        String org = expect(admin("POST", "/admin/v1/orgs", "{\"name\":\"policies\"}"), 201).path("id").asText();
        String mine = expect(admin("POST", "/admin/v1/teams", "{\"org_id\":\"" + org + "\",\"name\":\"a\"}"), 201)
                .path("id").asText();
        String theirs = expect(admin("POST", "/admin/v1/teams", "{\"org_id\":\"" + org + "\",\"name\":\"b\"}"), 201)
                .path("id").asText();
        String teamAdmin = expect(admin("POST", "/admin/v1/admin-keys",
                "{\"role\":\"team_admin\",\"team_id\":\"" + mine + "\"}"), 201).path("key").asText();
        String theirKey = createKey("{\"team_id\":\"" + theirs + "\"}").path("id").asText();
        String ownKey = createKey("{\"team_id\":\"" + mine + "\"}").path("id").asText();

        HttpResponse<String> patch = gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/admin/v1/keys/" + theirKey))
                .header("authorization", "Bearer " + teamAdmin)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build());
        assertThat(patch.statusCode()).isEqualTo(403);
        for (String id : new String[] {theirKey, ownKey}) {
            HttpResponse<String> rotate = gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/admin/v1/keys/" + id + "/rotate"))
                    .header("authorization", "Bearer " + teamAdmin).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(rotate.statusCode()).as(rotate.body()).isEqualTo(id.equals(ownKey) ? 201 : 403);
        }
        assertThat(latestAudit("key.rotate", ownKey).path("actor_role").asText()).isEqualTo("team_admin");
    }

    /**
     * Addresses of their own (127.0.0.3/.4), so the lockout cannot touch the other tests, which all connect from
     * 127.0.0.1 and present far fewer than the default 20 wrong keys a minute.
     */
    @Test
    void wrongKeysLockOutTheGuessingAddressOnlyOnBothDoors() {
        String valid = gw.key();
        String guesser = "127.0.0.3";
        for (int i = 0; i < 20; i++) {
            assertThat(getFrom(guesser, "/v1/models", "tg-" + "x".repeat(43)).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = getFrom(guesser, "/v1/models", valid);
        assertThat(locked.statusCode()).as("a valid key from a locked-out address").isEqualTo(429);
        assertThat(Long.parseLong(locked.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
        assertThat(json(locked.body()).path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(getFrom(guesser, "/admin/v1/keys", GatewayHarness.ADMIN_KEY).statusCode()).isEqualTo(429);
        assertThat(getFrom("127.0.0.1", "/v1/models", valid).statusCode()).isEqualTo(200);
        assertThat(getFrom("127.0.0.1", "/admin/v1/keys", GatewayHarness.ADMIN_KEY).statusCode()).isEqualTo(200);

        String adminGuesser = "127.0.0.4";
        for (int i = 0; i < 20; i++) {
            assertThat(getFrom(adminGuesser, "/admin/v1/keys", "tga-wrong-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(getFrom(adminGuesser, "/admin/v1/keys", GatewayHarness.ADMIN_KEY).statusCode()).isEqualTo(429);
        assertThat(getFrom(adminGuesser, "/v1/models", valid).statusCode()).isEqualTo(429);
    }

    static HttpResponse<String> idempotent(String adminKey, String path, String idempotencyKey, String body) {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.baseUrl() + path))
                .header("authorization", "Bearer " + adminKey).header("idempotency-key", idempotencyKey)
                .header("content-type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aRetriedCreateReplaysTheFirstAnswerAndCreatesNothingNew() {
        String name = "team-" + java.util.UUID.randomUUID();
        String org = expect(admin("POST", "/admin/v1/orgs", "{\"name\":\"idem\"}"), 201).path("id").asText();
        String body = "{\"org_id\":\"" + org + "\",\"name\":\"" + name + "\"}";
        HttpResponse<String> first = idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", "retry-1", body);
        HttpResponse<String> second = idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", "retry-1", body);
        assertThat(expect(second, 201)).isEqualTo(expect(first, 201));
        assertThat(first.headers().firstValue("idempotent-replayed")).isEmpty();
        assertThat(second.headers().firstValue("idempotent-replayed")).contains("true");
        JsonNode teams = expect(admin("GET", "/admin/v1/teams?org_id=" + org, null), 200).path("data");
        assertThat(teams).hasSize(1);
        assertThat(expect(admin("GET", "/admin/v1/audit?action=team.create&target_id=" + json(first.body()).path("id").asText(),
                null), 200).path("data")).hasSize(1);

        JsonNode reused = expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", "retry-1",
                "{\"org_id\":\"" + org + "\",\"name\":\"other\"}"), 422).path("error");
        assertThat(reused.path("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(reused.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/orgs", "retry-1", body), 422)
                .path("error").path("code").asText()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void simultaneousCreatesWithOneIdempotencyKeyCreateOnce() throws Exception {
        String org = expect(admin("POST", "/admin/v1/orgs", "{\"name\":\"idem-race\"}"), 201).path("id").asText();
        String body = "{\"org_id\":\"" + org + "\",\"name\":\"raced\"}";
        int parallel = 12;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
        try {
            java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", "race-" + org, body);
                }));
            }
            start.countDown();
            int created = 0;
            for (var answer : answers) {
                HttpResponse<String> r = answer.get();
                if (r.statusCode() == 409) {
                    assertThat(json(r.body()).path("error").path("code").asText()).isEqualTo("idempotency_key_in_use");
                } else {
                    assertThat(r.statusCode()).isEqualTo(201);
                    created += r.headers().firstValue("idempotent-replayed").isPresent() ? 0 : 1;
                }
            }
            assertThat(created).as("answers that created").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(expect(admin("GET", "/admin/v1/teams?org_id=" + org, null), 200).path("data")).hasSize(1);
    }

    @Test
    void aFailedCreateReleasesItsIdempotencyKeySoTheRetryRuns() {
        String idem = "fail-" + java.util.UUID.randomUUID();
        expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", idem, "{\"org_id\":\"no-such-org\",\"name\":\"t\"}"),
                400);
        String org = expect(admin("POST", "/admin/v1/orgs", "{\"name\":\"idem-retry\"}"), 201).path("id").asText();
        // the corrected retry is a different body, so it needs a new key; the same body again must run again too
        expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", idem, "{\"org_id\":\"no-such-org\",\"name\":\"t\"}"),
                400);
        expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/teams", "ok-" + idem,
                "{\"org_id\":\"" + org + "\",\"name\":\"t\"}"), 201);
    }

    @Test
    void aReplayedKeyCreateKeepsTheIdButNeverTheSecretWhichIsNotStored() {
        String idem = "key-" + java.util.UUID.randomUUID();
        JsonNode first = expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/keys", idem, "{\"name\":\"once\"}"), 201);
        String plaintext = first.path("key").asText();
        JsonNode replay = expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/keys", idem, "{\"name\":\"once\"}"), 201);
        assertThat(replay.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(replay.has("key")).isFalse();
        assertThat(replay.path("key_not_shown").asText()).contains("shown only");
        assertThat(replay.toString()).doesNotContain(plaintext);
        assertThat(gw.gateway().storage().idempotency().claim("bootstrap", idem, "-", Instant.now(), Instant.EPOCH, Instant.EPOCH).orElseThrow().body())
                .doesNotContain(plaintext).doesNotContain(dev.tollgate.core.auth.GatewayKeys.hash(plaintext));
        assertThat(models(plaintext).statusCode()).isEqualTo(200);

        JsonNode adminKey = expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/admin-keys", idem + "-admin",
                "{\"role\":\"auditor\"}"), 201);
        JsonNode adminReplay = expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/admin-keys", idem + "-admin",
                "{\"role\":\"auditor\"}"), 201);
        assertThat(adminReplay.path("id").asText()).isEqualTo(adminKey.path("id").asText());
        assertThat(adminReplay.has("key")).isFalse();
        assertThat(adminReplay.toString()).doesNotContain(adminKey.path("key").asText());
        assertThat(expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/admin-keys", idem, "{\"role\":\"auditor\"}"), 422)
                .path("error").path("code").asText()).as("same key, other endpoint").isEqualTo("idempotency_key_reused");

        // the same key from another admin identity is another request
        String platformAdmin = expect(admin("POST", "/admin/v1/admin-keys", "{\"role\":\"platform_admin\"}"), 201)
                .path("key").asText();
        JsonNode other = expect(idempotent(platformAdmin, "/admin/v1/keys", idem, "{\"name\":\"once\"}"), 201);
        assertThat(other.path("id").asText()).isNotEqualTo(first.path("id").asText());
        assertThat(other.path("key").asText()).startsWith("tg-");
    }

    @Test
    void aRetriedRotationDoesNotRotateTwice() {
        String id = createKey("{}").path("id").asText();
        JsonNode first = expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/keys/" + id + "/rotate", "rot-" + id,
                "{\"overlap_seconds\":600}"), 201);
        JsonNode again = expect(idempotent(GatewayHarness.ADMIN_KEY, "/admin/v1/keys/" + id + "/rotate", "rot-" + id,
                "{\"overlap_seconds\":600}"), 201);
        assertThat(again.path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(again.has("key")).isFalse();
        assertThat(expect(admin("GET", "/admin/v1/audit?action=key.rotate&target_id=" + id, null), 200).path("data")).hasSize(1);
    }
}
