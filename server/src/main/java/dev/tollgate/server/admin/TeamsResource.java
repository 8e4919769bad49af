package dev.tollgate.server.admin;

import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.Storage;
import dev.tollgate.spi.store.Team;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/** Teams under {@code /admin/v1/teams}, filterable by {@code org_id}. Org admins manage their org's teams. */
final class TeamsResource implements AdminResource {

    /** Rebuilt at once when a rate-limit policy changes, as other nodes do within a poll. */
    private final dev.tollgate.core.auth.KeyDirectory keys;
    private final Storage storage;
    private final AuditTrail audit;
    private final Clock clock;

    TeamsResource(Storage storage, AuditTrail audit, Clock clock, dev.tollgate.core.auth.KeyDirectory keys) {
        this.keys = keys;
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.create("/teams", "platform, org admin", call -> call.jsonBody(in -> create(call, in)))
                .add(HttpMethod.GET, "/teams", AdminAccess.SCOPED, this::list)
                .add(HttpMethod.GET, "/teams/{id}", AdminAccess.SCOPED, call -> show(call, call.pathParam("id")))
                .add(HttpMethod.PATCH, "/teams/{id}", "platform, org, team admin",
                        call -> call.jsonBody(in -> update(call, call.pathParam("id"), in)))
                .add(HttpMethod.DELETE, "/teams/{id}", "platform, org admin", call -> delete(call, call.pathParam("id")));
    }

    private void create(AdminCall call, JsonObject in) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN);
            String orgId = Objects.requireNonNullElse(AdminJson.string(in, "org_id"), Objects.requireNonNullElse(call.caller().orgId(), ""));
            if (orgId.isEmpty()) {
                throw new AdminFailure(AdminErrors.invalid("'org_id' is required.", "org_id"));
            }
            Scope.requireWrite(call.caller(), orgId, null, null);
            if (storage.tenancy().findOrg(orgId).isEmpty()) {
                throw new AdminFailure(AdminErrors.invalid("No organisation with id '" + orgId + "'.", "org_id"));
            }
            String policy = KeySettings.ratePolicy(in);
            if (policy != null) {
                Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN);
            }
            Team team = new Team(Ids.next("team"), orgId, AdminJson.requiredString(in, "name"),
                    Objects.requireNonNullElse(AdminJson.metadata(in), Map.of()),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), policy);
            storage.tenancy().createTeam(team, audit.entry(call, "team.create", "team", team.id(), orgId, team.id(),
                    null, describe(team)));
            return team;
        }, team -> call.reply(201, describe(team)));
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> {
            var scope = Scope.filter(call.caller(), call.param("org_id"), null, null);
            // a member's scope is its user, not its team; teams it is not in stay hidden
            if (call.caller().role() == AdminRole.MEMBER) {
                scope = new dev.tollgate.spi.store.Ownership(scope.orgId(), Objects.requireNonNullElse(call.caller().teamId(), "-"), null);
            }
            return storage.tenancy().pageTeams(scope, page.after(), page.fetchSize());
        }, found -> call.reply(200, page.envelope(found, TeamsResource::describe, Team::id)));
    }

    private Team find(AdminCall call, String id) {
        Team team = storage.tenancy().findTeam(id).orElseThrow(() -> new AdminFailure(AdminErrors.notFound("team", id)));
        if (call.caller().role() == AdminRole.MEMBER) {
            // a member's scope is its user; of teams it sees only its own
            if (!team.id().equals(call.caller().teamId())) {
                throw new AdminFailure(AdminErrors.forbidden("This admin key may not access resources outside its scope."));
            }
        } else {
            Scope.requireSee(call.caller(), team.orgId(), team.id(), null);
        }
        return team;
    }

    private void show(AdminCall call, String id) {
        call.blocking(() -> find(call, id), team -> call.reply(200, describe(team)));
    }

    private void update(AdminCall call, String id, JsonObject in) {
        call.blocking(() -> {
            Team before = find(call, id);
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN, AdminRole.TEAM_ADMIN);
            String name = AdminJson.string(in, "name");
            Map<String, String> metadata = AdminJson.metadata(in);
            String policy = before.rateLimitPolicy();
            if (in.containsKey("rate_limit_policy")) {
                // a team's limits cap its users and keys: set by the organisation, not by the team itself
                Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN);
                policy = KeySettings.ratePolicy(in);
            }
            Team after = new Team(id, before.orgId(), name != null ? name : before.name(),
                    metadata != null ? metadata : before.metadata(), before.createdAt(), policy);
            storage.tenancy().updateTeam(after, audit.entry(call, "team.update", "team", id, before.orgId(), id,
                    describe(before), describe(after)));
            if (!Objects.equals(before.rateLimitPolicy(), after.rateLimitPolicy())) {
                keys.refresh(); // the policy travels with the team's keys
            }
            return after;
        }, team -> call.reply(200, describe(team)));
    }

    private void delete(AdminCall call, String id) {
        call.blocking(() -> {
            Team before = find(call, id);
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN);
            storage.tenancy().deleteTeam(id, audit.entry(call, "team.delete", "team", id, before.orgId(), id,
                    describe(before), null));
            return before;
        }, team -> call.reply(200, new JsonObject().put("id", team.id()).put("object", "team").put("deleted", true)));
    }

    static JsonObject describe(Team t) {
        return new JsonObject().put("id", t.id()).put("object", "team").put("org_id", t.orgId()).put("name", t.name())
                .put("metadata", AdminJson.map(t.metadata())).put("created_at", AdminJson.iso(t.createdAt()))
                .put("rate_limit_policy", t.rateLimitPolicy());
    }
}
