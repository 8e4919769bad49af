package dev.tollgate.server.admin;

import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.Billing;
import dev.tollgate.spi.store.Storage;
import dev.tollgate.spi.store.Team;
import dev.tollgate.spi.store.User;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Users under {@code /admin/v1/users}, filterable by {@code org_id} and {@code team_id}. A user is in one
 * organisation and at most one of its teams; team admins manage the users of their team.
 */
final class UsersResource implements AdminResource {

    private final Storage storage;
    private final AuditTrail audit;
    private final Clock clock;
    private final KeyDirectory keys;

    UsersResource(Storage storage, AuditTrail audit, Clock clock, KeyDirectory keys) {
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
        this.keys = keys;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.create("/users", "platform, org, team admin", call -> call.jsonBody(in -> create(call, in)))
                .add(HttpMethod.GET, "/users", AdminAccess.SCOPED, this::list)
                .add(HttpMethod.GET, "/users/{id}", AdminAccess.SCOPED, call -> show(call, call.pathParam("id")))
                .add(HttpMethod.PATCH, "/users/{id}", "platform, org, team admin",
                        call -> call.jsonBody(in -> update(call, call.pathParam("id"), in)))
                .add(HttpMethod.DELETE, "/users/{id}", "platform, org, team admin", call -> delete(call, call.pathParam("id")));
    }

    private void create(AdminCall call, JsonObject in) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN, AdminRole.TEAM_ADMIN);
            String teamId = AdminJson.string(in, "team_id");
            String orgId = teamId != null ? teamOf(teamId, "team_id").orgId() : AdminJson.string(in, "org_id");
            if (orgId == null) {
                throw new AdminFailure(AdminErrors.invalid("'org_id' or 'team_id' is required.", "org_id"));
            }
            Scope.requireWrite(call.caller(), orgId, teamId, null);
            if (storage.tenancy().findOrg(orgId).isEmpty()) {
                throw new AdminFailure(AdminErrors.invalid("No organisation with id '" + orgId + "'.", "org_id"));
            }
            Billing billing = billing(call, in, Billing.INVOICED);
            String group = pricingGroup(call, in, null);
            User user = new User(Ids.next("user"), orgId, teamId,
                    AdminJson.requiredString(in, "email").toLowerCase(Locale.ROOT), AdminJson.string(in, "name"),
                    Objects.requireNonNullElse(AdminJson.metadata(in), Map.of()),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), billing, group, KeySettings.ratePolicy(in));
            storage.tenancy().createUser(user, audit.entry(call, "user.create", "user", user.id(), orgId, teamId,
                    null, describe(user)));
            return user;
        }, user -> call.reply(201, describe(user)));
    }

    /**
     * {@code billing} from the body, or {@code current} when absent. Billing and pricing group decide what a user
     * pays, so only platform and organisation admins set them (a team admin may manage the user otherwise).
     */
    private static Billing billing(AdminCall call, JsonObject in, Billing current) {
        String value = AdminJson.string(in, "billing");
        if (value == null) {
            return current;
        }
        Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN);
        try {
            return Billing.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new AdminFailure(AdminErrors.invalid("'billing' must be 'invoiced' or 'prepaid'.", "billing"));
        }
    }

    /** {@code pricing_group} from the body (null removes it), or {@code current} when the field is absent. */
    private String pricingGroup(AdminCall call, JsonObject in, String current) {
        if (!in.containsKey("pricing_group")) {
            return current;
        }
        Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN);
        String group = AdminJson.string(in, "pricing_group");
        if (group != null && storage.pricingGroups().find(group).isEmpty()) {
            throw new AdminFailure(AdminErrors.invalid("No pricing group named '" + group + "'.", "pricing_group"));
        }
        return group;
    }

    private Team teamOf(String teamId, String param) {
        return storage.tenancy().findTeam(teamId)
                .orElseThrow(() -> new AdminFailure(AdminErrors.invalid("No team with id '" + teamId + "'.", param)));
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> storage.tenancy().pageUsers(
                        Scope.filter(call.caller(), call.param("org_id"), call.param("team_id"), null), page.after(),
                        page.fetchSize()),
                found -> call.reply(200, page.envelope(found, UsersResource::describe, User::id)));
    }

    private User find(AdminCall call, String id) {
        User user = storage.tenancy().findUser(id).orElseThrow(() -> new AdminFailure(AdminErrors.notFound("user", id)));
        Scope.requireSee(call.caller(), user.orgId(), user.teamId(), user.id());
        return user;
    }

    private void show(AdminCall call, String id) {
        call.blocking(() -> find(call, id), user -> call.reply(200, describe(user)));
    }

    private void update(AdminCall call, String id, JsonObject in) {
        call.blocking(() -> {
            User before = find(call, id);
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN, AdminRole.TEAM_ADMIN);
            String teamId = in.containsKey("team_id") ? AdminJson.string(in, "team_id") : before.teamId();
            if (teamId != null && !teamOf(teamId, "team_id").orgId().equals(before.orgId())) {
                throw new AdminFailure(AdminErrors.invalid("The team must be in the user's organisation.", "team_id"));
            }
            // moving a user to another team needs write access to where it goes, too
            Scope.requireWrite(call.caller(), before.orgId(), teamId, id);
            String name = AdminJson.string(in, "name");
            String email = AdminJson.string(in, "email");
            Map<String, String> metadata = AdminJson.metadata(in);
            User after = new User(id, before.orgId(), teamId,
                    email != null ? email.toLowerCase(Locale.ROOT) : before.email(), name != null ? name : before.name(),
                    metadata != null ? metadata : before.metadata(), before.createdAt(),
                    billing(call, in, before.billing()), pricingGroup(call, in, before.pricingGroup()),
                    in.containsKey("rate_limit_policy") ? KeySettings.ratePolicy(in) : before.rateLimitPolicy());
            storage.tenancy().updateUser(after, audit.entry(call, "user.update", "user", id, before.orgId(),
                    before.teamId(), describe(before), describe(after)));
            if (after.billing() != before.billing() || !Objects.equals(after.pricingGroup(), before.pricingGroup())
                    || !Objects.equals(after.rateLimitPolicy(), before.rateLimitPolicy())) {
                keys.refresh(); // the user's keys carry billing, group and policy: this node applies them at once
            }
            return after;
        }, user -> call.reply(200, describe(user)));
    }

    private void delete(AdminCall call, String id) {
        call.blocking(() -> {
            User before = find(call, id);
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN, AdminRole.TEAM_ADMIN);
            storage.tenancy().deleteUser(id, audit.entry(call, "user.delete", "user", id, before.orgId(), before.teamId(),
                    describe(before), null));
            return before;
        }, user -> call.reply(200, new JsonObject().put("id", user.id()).put("object", "user").put("deleted", true)));
    }

    static JsonObject describe(User u) {
        return new JsonObject().put("id", u.id()).put("object", "user").put("org_id", u.orgId())
                .put("team_id", u.teamId()).put("email", u.email()).put("name", u.name())
                .put("metadata", AdminJson.map(u.metadata())).put("created_at", AdminJson.iso(u.createdAt()))
                .put("billing", u.billing().wireName()).put("pricing_group", u.pricingGroup())
                .put("rate_limit_policy", u.rateLimitPolicy());
    }
}
