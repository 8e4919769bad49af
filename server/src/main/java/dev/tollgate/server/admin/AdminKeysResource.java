package dev.tollgate.server.admin;

import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.spi.store.AdminKey;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.Storage;
import dev.tollgate.spi.store.Team;
import dev.tollgate.spi.store.User;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Admin identities under {@code /admin/v1/admin-keys}: create (the {@code tga-} key is shown once), list,
 * show, revoke. A caller may only hand out roles no stronger than its own, inside its own scope.
 */
final class AdminKeysResource implements AdminResource {

    static final String PREFIX = "tga-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Storage storage;
    private final AuditTrail audit;
    private final Clock clock;

    AdminKeysResource(Storage storage, AuditTrail audit, Clock clock) {
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void register(AdminRoutes routes) {
        String writers = "platform, org, team admin";
        routes.create("/admin-keys", writers, call -> call.jsonBody(in -> create(call, in)))
                .add(HttpMethod.GET, "/admin-keys", AdminAccess.SCOPED, this::list)
                .add(HttpMethod.GET, "/admin-keys/{id}", AdminAccess.SCOPED, call -> show(call, call.pathParam("id")))
                .add(HttpMethod.DELETE, "/admin-keys/{id}", writers, call -> revoke(call, call.pathParam("id")))
                .add(HttpMethod.POST, "/admin-keys/{id}/revoke", writers, call -> revoke(call, call.pathParam("id")));
    }

    private void create(AdminCall call, JsonObject in) {
        String plaintext = generate();
        call.blocking(() -> {
            AdminIdentity who = call.caller();
            Scope.requireRole(who, AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN, AdminRole.TEAM_ADMIN);
            AdminRole role;
            try {
                role = AdminRole.fromWireName(AdminJson.requiredString(in, "role"));
            } catch (IllegalArgumentException e) {
                throw new AdminFailure(AdminErrors.invalid("'role' must be one of platform_admin, org_admin, "
                        + "team_admin, member, auditor.", "role"));
            }
            AdminKey key = scoped(in, role, plaintext);
            if (role == AdminRole.PLATFORM_ADMIN || (role == AdminRole.AUDITOR && key.orgId() == null)) {
                Scope.requireRole(who, AdminRole.PLATFORM_ADMIN);
            }
            if (who.role() == AdminRole.TEAM_ADMIN && role != AdminRole.TEAM_ADMIN && role != AdminRole.MEMBER) {
                throw new AdminFailure(AdminErrors.forbidden("A team admin may only create team_admin and member keys."));
            }
            Scope.requireWrite(who, key.orgId(), key.teamId(), key.userId());
            storage.adminKeys().create(key, audit.entry(call, "admin_key.create", "admin_key", key.id(), key.orgId(),
                    key.teamId(), null, describe(key)));
            return key;
        }, key -> call.reply(201, describe(key).put("key", plaintext)));
    }

    /** The new key with the scope its role needs, derived from the one id the body names. */
    private AdminKey scoped(JsonObject in, AdminRole role, String plaintext) {
        String orgId = null;
        String teamId = null;
        String userId = null;
        switch (role) {
            case PLATFORM_ADMIN -> { }
            case ORG_ADMIN -> orgId = existingOrg(AdminJson.requiredString(in, "org_id"));
            case AUDITOR -> orgId = AdminJson.string(in, "org_id") == null ? null : existingOrg(AdminJson.string(in, "org_id"));
            case TEAM_ADMIN -> {
                String id = AdminJson.requiredString(in, "team_id");
                Team team = storage.tenancy().findTeam(id)
                        .orElseThrow(() -> new AdminFailure(AdminErrors.invalid("No team with id '" + id + "'.", "team_id")));
                orgId = team.orgId();
                teamId = team.id();
            }
            case MEMBER -> {
                String id = AdminJson.requiredString(in, "user_id");
                User user = storage.tenancy().findUser(id)
                        .orElseThrow(() -> new AdminFailure(AdminErrors.invalid("No user with id '" + id + "'.", "user_id")));
                orgId = user.orgId();
                teamId = user.teamId();
                userId = user.id();
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new AdminKey(Ids.next("adk"), Objects.requireNonNullElse(AdminJson.string(in, "name"), ""),
                GatewayKeys.hash(plaintext), plaintext.substring(0, 10), role, orgId, teamId, userId, now, null);
    }

    private String existingOrg(String id) {
        return storage.tenancy().findOrg(id)
                .orElseThrow(() -> new AdminFailure(AdminErrors.invalid("No organisation with id '" + id + "'.", "org_id")))
                .id();
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> storage.adminKeys().page(Scope.filter(call.caller(), call.param("org_id"),
                        call.param("team_id"), call.param("user_id")), page.after(), page.fetchSize()),
                found -> call.reply(200, page.envelope(found, AdminKeysResource::describe, AdminKey::id)));
    }

    private AdminKey find(AdminCall call, String id) {
        AdminKey key = storage.adminKeys().find(id).orElseThrow(() -> new AdminFailure(AdminErrors.notFound("admin key", id)));
        Scope.requireSee(call.caller(), key.orgId(), key.teamId(), key.userId());
        return key;
    }

    private void show(AdminCall call, String id) {
        call.blocking(() -> find(call, id), key -> call.reply(200, describe(key)));
    }

    private void revoke(AdminCall call, String id) {
        call.blocking(() -> {
            AdminKey before = find(call, id);
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN, AdminRole.TEAM_ADMIN);
            Scope.requireWrite(call.caller(), before.orgId(), before.teamId(), before.userId());
            AdminKey after = before.revokedAt() != null ? before : before.withRevokedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            storage.adminKeys().revoke(id, after.revokedAt(), audit.entry(call, "admin_key.revoke", "admin_key", id,
                    before.orgId(), before.teamId(), describe(before), describe(after)));
            return after;
        }, key -> call.reply(200, describe(key)));
    }

    /** Never the hash, only the display prefix. */
    static JsonObject describe(AdminKey k) {
        return new JsonObject().put("id", k.id()).put("object", "admin_key").put("name", k.name())
                .put("prefix", k.prefix()).put("role", k.role().wireName()).put("org_id", k.orgId())
                .put("team_id", k.teamId()).put("user_id", k.userId()).put("created_at", AdminJson.iso(k.createdAt()))
                .put("revoked_at", AdminJson.iso(k.revokedAt()));
    }
}
