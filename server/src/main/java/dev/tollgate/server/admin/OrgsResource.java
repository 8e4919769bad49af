package dev.tollgate.server.admin;

import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.Organization;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Organisations under {@code /admin/v1/orgs}. Platform admins manage them; others see their own. */
final class OrgsResource implements AdminResource {

    /** Rebuilt at once when a rate-limit policy changes, as other nodes do within a poll. */
    private final dev.tollgate.core.auth.KeyDirectory keys;
    private final Storage storage;
    private final AuditTrail audit;
    private final Clock clock;

    OrgsResource(Storage storage, AuditTrail audit, Clock clock, dev.tollgate.core.auth.KeyDirectory keys) {
        this.keys = keys;
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.create("/orgs", "platform admin", call -> call.jsonBody(in -> create(call, in)))
                .add(HttpMethod.GET, "/orgs", AdminAccess.SCOPED, this::list)
                .add(HttpMethod.GET, "/orgs/{id}", AdminAccess.SCOPED, call -> show(call, call.pathParam("id")))
                .add(HttpMethod.PATCH, "/orgs/{id}", "platform, org admin",
                        call -> call.jsonBody(in -> update(call, call.pathParam("id"), in)))
                .add(HttpMethod.DELETE, "/orgs/{id}", "platform admin", call -> delete(call, call.pathParam("id")));
    }

    private void create(AdminCall call, JsonObject in) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            Organization org = new Organization(Ids.next("org"), AdminJson.requiredString(in, "name"),
                    Objects.requireNonNullElse(AdminJson.metadata(in), Map.of()),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), KeySettings.ratePolicy(in));
            storage.tenancy().createOrg(org, audit.entry(call, "org.create", "org", org.id(), org.id(), null,
                    null, describe(org)));
            return org;
        }, org -> call.reply(201, describe(org)));
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> {
            String own = Scope.visible(call.caller()).orgId();
            if (own == null) {
                return storage.tenancy().pageOrgs(page.after(), page.fetchSize());
            }
            // a scoped caller's list is its one organisation
            return storage.tenancy().findOrg(own).filter(o -> page.after() == null || o.id().compareTo(page.after()) > 0)
                    .map(List::of).orElse(List.of());
        }, found -> call.reply(200, page.envelope(found, OrgsResource::describe, Organization::id)));
    }

    private Organization find(AdminCall call, String id) {
        Organization org = storage.tenancy().findOrg(id).orElseThrow(() -> new AdminFailure(AdminErrors.notFound("organisation", id)));
        Scope.requireSee(call.caller(), org.id(), null, null);
        return org;
    }

    private void show(AdminCall call, String id) {
        call.blocking(() -> find(call, id), org -> call.reply(200, describe(org)));
    }

    private void update(AdminCall call, String id, JsonObject in) {
        call.blocking(() -> {
            Organization before = find(call, id);
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN);
            String name = AdminJson.string(in, "name");
            Map<String, String> metadata = AdminJson.metadata(in);
            String policy = before.rateLimitPolicy();
            if (in.containsKey("rate_limit_policy")) {
                // an organisation's limits cap everything in it: only the platform sets them
                Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
                policy = KeySettings.ratePolicy(in);
            }
            Organization after = new Organization(id, name != null ? name : before.name(),
                    metadata != null ? metadata : before.metadata(), before.createdAt(), policy);
            storage.tenancy().updateOrg(after, audit.entry(call, "org.update", "org", id, id, null,
                    describe(before), describe(after)));
            if (!Objects.equals(before.rateLimitPolicy(), after.rateLimitPolicy())) {
                keys.refresh(); // the policy travels with the organisation's keys
            }
            return after;
        }, org -> call.reply(200, describe(org)));
    }

    private void delete(AdminCall call, String id) {
        call.blocking(() -> {
            Organization before = find(call, id);
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            storage.tenancy().deleteOrg(id, audit.entry(call, "org.delete", "org", id, id, null, describe(before), null));
            return before;
        }, org -> call.reply(200, new JsonObject().put("id", org.id()).put("object", "organization").put("deleted", true)));
    }

    static JsonObject describe(Organization o) {
        return new JsonObject().put("id", o.id()).put("object", "organization").put("name", o.name())
                .put("metadata", AdminJson.map(o.metadata())).put("created_at", AdminJson.iso(o.createdAt()))
                .put("rate_limit_policy", o.rateLimitPolicy());
    }
}
