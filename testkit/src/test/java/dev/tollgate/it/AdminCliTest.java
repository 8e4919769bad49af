package dev.tollgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.server.Main;
import dev.tollgate.testkit.GatewayHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tollgate admin …} run in-process against a real gateway, through its admin API. */
class AdminCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static GatewayHarness gw;

    @BeforeAll
    static void start() {
        gw = GatewayHarness.sqlite();
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out + err, e);
            }
        }
    }

    static Run admin(String... args) {
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(List.of(args));
        all.addAll(List.of("--url", gw.baseUrl(), "--admin-key", GatewayHarness.ADMIN_KEY));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void createOrgTeamKeyThenListAndRevoke() {
        Run org = admin("orgs", "create", "--name", "CLI Org", "--json");
        assertThat(org.exit()).as(org.err()).isZero();
        String orgId = org.json().path("id").asText();
        assertThat(orgId).startsWith("org_");

        Run team = admin("teams", "create", "--org", orgId, "--name", "cli-team", "--json");
        assertThat(team.exit()).as(team.err()).isZero();
        String teamId = team.json().path("id").asText();

        Run key = admin("keys", "create", "--team", teamId, "--name", "cli-key", "--model", "gpt-4o*");
        assertThat(key.exit()).as(key.err()).isZero();
        String plaintext = field(key.out(), "key");
        String keyId = field(key.out(), "id");
        assertThat(plaintext).startsWith("tg-");
        assertThat(key.err()).contains("shown only once");
        // the printed key works on the client API
        assertThat(gw.get("/v1/models", plaintext).statusCode()).isEqualTo(200);

        Run list = admin("keys", "list", "--team", teamId);
        assertThat(list.exit()).as(list.err()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0)).startsWith("id").contains("name", "prefix", "enabled");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains(keyId, "cli-key", plaintext.substring(0, 10)).doesNotContain(plaintext);

        Run teams = admin("teams", "list", "--org", orgId, "--json");
        assertThat(teams.json().path("data")).hasSize(1);
        assertThat(teams.json().path("data").get(0).path("name").asText()).isEqualTo("cli-team");

        Run revoke = admin("keys", "revoke", keyId);
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        assertThat(field(revoke.out(), "revoked_at")).isNotEqualTo("-");
        assertThat(gw.get("/v1/models", plaintext).statusCode()).isEqualTo(401);

        Run audit = admin("audit", "list", "--target", keyId);
        assertThat(audit.exit()).isZero();
        assertThat(audit.out()).contains("key.create", "key.revoke");
    }

    @Test
    void creditsAndRedemptionCodes() {
        String orgId = admin("orgs", "create", "--name", "Relay", "--json").json().path("id").asText();
        String userId = admin("users", "create", "--org", orgId, "--email", "buyer@relay.test", "--json").json()
                .path("id").asText();

        Run added = admin("credits", "add", userId, "--usd", "12.5", "--reference", "INV-9");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(field(added.out(), "amount_nano_usd")).isEqualTo("12500000000");
        Run corrected = admin("credits", "add", userId, "--usd", "-2.5", "--adjustment", "--json");
        assertThat(corrected.json().path("kind").asText()).isEqualTo("adjustment");
        assertThat(admin("credits", "list", userId).out().lines()).hasSize(3);
        assertThat(field(admin("credits", "balance", userId).out(), "balance_nano_usd")).isEqualTo("10000000000");
        Run refused = admin("credits", "add", userId, "--usd", "-20", "--adjustment");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("negative");

        Run codes = admin("codes", "create", "--count", "3", "--usd", "5", "--expires-at", "2099-01-01T00:00:00Z");
        assertThat(codes.exit()).as(codes.err()).isZero();
        assertThat(codes.out().lines().filter(l -> l.startsWith("tgr-"))).hasSize(3);
        assertThat(codes.err()).contains("shown only once");
        String batch = field(codes.out(), "id");
        assertThat(admin("codes", "list").out()).contains(batch);
        assertThat(field(admin("codes", "revoke", batch).out(), "revoked_now")).isEqualTo("3");
        assertThat(admin("codes", "show", batch, "--json").json().path("revoked").asInt()).isEqualTo(3);
    }

    @Test
    void disableEnableAndRotateAKey() {
        String keyId = admin("keys", "create", "--name", "toggled", "--json").json().path("id").asText();
        assertThat(field(admin("keys", "disable", keyId).out(), "enabled")).isEqualTo("false");
        assertThat(field(admin("keys", "enable", keyId).out(), "enabled")).isEqualTo("true");
        Run rotated = admin("keys", "rotate", keyId, "--overlap-seconds", "60");
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(field(rotated.out(), "key")).startsWith("tg-");
        assertThat(field(rotated.out(), "previous_key_expires_at")).isNotEqualTo("-");
        assertThat(admin("keys", "show", keyId, "--json").json().path("expires_at").isNull()).isFalse();
    }

    @Test
    void pricesSetListShowAndDelete() {
        Run set = admin("prices", "set", "--model", "cli-priced", "--input", "0.075", "--output", "0.3", "--json");
        assertThat(set.exit()).as(set.err()).isZero();
        String id = set.json().path("id").asText();
        assertThat(set.json().path("input").asText()).isEqualTo("0.075");
        Run list = admin("prices", "list", "--model", "cli-priced");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains(id, "0.075", "database");
        assertThat(field(admin("prices", "show", id).out(), "reasoning")).isEqualTo("0.3");
        assertThat(admin("prices", "delete", id).exit()).isZero();
        assertThat(admin("prices", "show", id).exit()).isEqualTo(1);
    }

    @Test
    void providersAndModelsListAndShowWithSecretsMasked() {
        String upstreamKey = "sk-cli-" + UUID.randomUUID().toString().replace("-", "");
        assertThat(gw.admin("POST", "/admin/v1/providers", "{\"name\":\"cli-sim\",\"type\":\"openai\",\"base_url\":\""
                + gw.simulator().baseUrl() + "/v1\",\"keys\":[\"" + upstreamKey + "\"]}").statusCode()).isEqualTo(201);
        assertThat(gw.admin("POST", "/admin/v1/models", "{\"name\":\"cli-model\",\"deployments\":[{\"provider\":\"cli-sim\"}]}")
                .statusCode()).isEqualTo(201);

        Run providers = admin("providers", "list");
        assertThat(providers.exit()).as(providers.err()).isZero();
        assertThat(providers.out().lines().toList().get(0)).startsWith("name").contains("type", "keys");
        assertThat(providers.out()).contains("cli-sim", "sk-…" + upstreamKey.substring(upstreamKey.length() - 4));
        Run provider = admin("providers", "show", "cli-sim");
        assertThat(provider.exit()).as(provider.err()).isZero();
        assertThat(field(provider.out(), "secret_fields")).isEqualTo("keys[0]");
        assertThat(providers.out() + provider.out()).doesNotContain(upstreamKey);

        Run models = admin("models", "list");
        assertThat(models.exit()).as(models.err()).isZero();
        assertThat(models.out()).contains("cli-model");
        assertThat(admin("models", "show", "cli-model", "--json").json().path("deployments").get(0).path("provider").asText())
                .isEqualTo("cli-sim");
        Run missing = admin("models", "show", "no-such-model");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("HTTP 404");
    }

    @Test
    void aKeyCanBeConfinedToRoutingTags() {
        Run key = admin("keys", "create", "--name", "eu-only", "--routing-tag", "eu", "--json");
        assertThat(key.exit()).as(key.err()).isZero();
        assertThat(key.json().path("routing_tags").toString()).isEqualTo("[\"eu\"]");
    }

    @Test
    void reportUsageAsTableCsvAndJson() {
        gw.gateway().storage().usage().book(List.of(new dev.tollgate.spi.UsageEvent("cli-report-1",
                java.time.Instant.parse("2026-02-03T04:05:06Z"), "key-cli", "team-cli", null,
                dev.tollgate.spi.Endpoint.CHAT_COMPLETIONS, "gpt-4o", "sim", "gpt-4o", false,
                new dev.tollgate.spi.TokenUsage(10, 2, 0, 0, false), 1_500_000_000L, 0, 0, 200, null, null, 1, null,
                1_500_000_001L, false)));
        String[] range = {"--from", "2026-02-01T00:00:00Z", "--to", "2026-03-01T00:00:00Z"};

        Run table = admin(concat(new String[]{"report", "usage", "--period", "month", "--group-by", "team,model"}, range));
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("period_start", "team_id", "charge_usd")
                .contains("2026-02-01T00:00:00Z  team-cli  gpt-4o  1").contains("1.500000000  1.500000001");

        Run csv = admin(concat(new String[]{"report", "usage", "--group-by", "key", "--csv"}, range));
        assertThat(csv.exit()).as(csv.err()).isZero();
        assertThat(csv.out()).startsWith("period_start,key_id,requests,")
                .contains("2026-02-03T00:00:00Z,key-cli,1,0,10,2,0,0,0,0,0,1.500000000,1.500000001");

        Run json = admin(concat(new String[]{"report", "usage", "--period", "week", "--json"}, range));
        assertThat(json.json().path("totals").path("charge_nano_usd").asLong()).isEqualTo(1_500_000_001L);

        Run bad = admin("report", "usage", "--period", "fortnight");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("'period' must be hour, day, week or month");

        Run events = admin("usage", "list", "--request-id", "cli-report-1", "--json");
        assertThat(events.json().path("data").get(0).path("key_id").asText()).isEqualTo("key-cli");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void anUnknownOrgFailsWithTheApisMessageAndExitCodeOne() {
        Run run = admin("teams", "create", "--org", "org_does_not_exist", "--name", "x");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("No organisation with id 'org_does_not_exist'.").contains("HTTP 400");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aWrongAdminKeyFailsWithExitCodeOne() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("admin", "orgs", "list", "--url", gw.baseUrl(), "--admin-key", "tga-wrong");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("invalid_admin_key").contains("HTTP 401");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        Run run = admin("orgs", "create");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--name");
    }

    /** The value of {@code name:} in the human output of one entity. */
    private static String field(String out, String name) {
        return out.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no '" + name + ":' line in:\n" + out));
    }
}
