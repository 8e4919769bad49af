package dev.tollgate.server.admin;

import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.Team;
import dev.tollgate.spi.store.User;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gateway keys under {@code /admin/v1/keys}: create, list, show, update, rotate, revoke. The key snapshot is
 * refreshed right after a change so it takes effect on this node at once.
 */
final class KeysResource implements AdminResource {

    private static final Logger log = LoggerFactory.getLogger(KeysResource.class);

    private final Storage storage;
    private final KeyDirectory directory;
    private final Clock clock;
    private final AuditTrail audit;
    private final KeyRotation rotation;

    KeysResource(Storage storage, KeyDirectory directory, Clock clock, AuditTrail audit) {
        this.storage = storage;
        this.directory = directory;
        this.clock = clock;
        this.audit = audit;
        this.rotation = new KeyRotation(storage, directory, clock, audit, this::find);
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.create("/keys", "writers (members: own keys; keys without owner: platform admin)",
                        call -> call.jsonBody(in -> create(call, in)))
                .add(HttpMethod.GET, "/keys", AdminAccess.SCOPED, this::list)
                .add(HttpMethod.GET, "/keys/{id}", AdminAccess.SCOPED, call -> show(call, call.pathParam("id")))
                .add(HttpMethod.PATCH, "/keys/{id}", AdminAccess.KEY_WRITERS,
                        call -> call.jsonBody(in -> update(call, call.pathParam("id"), in)))
                .add(HttpMethod.DELETE, "/keys/{id}", AdminAccess.KEY_WRITERS, call -> revoke(call, call.pathParam("id")))
                .add(HttpMethod.POST, "/keys/{id}/revoke", AdminAccess.KEY_WRITERS, call -> revoke(call, call.pathParam("id")))
                .create("/keys/{id}/rotate", AdminAccess.KEY_WRITERS,
                        call -> call.jsonBody(in -> rotation.rotate(call, call.pathParam("id"), in)));
    }

    private void create(AdminCall call, JsonObject in) {
        String plaintext = GatewayKeys.generate();
        call.blocking(() -> {
            Owner owner = owner(call, AdminJson.string(in, "user_id"), AdminJson.string(in, "team_id"));
            GatewayKey key = new GatewayKey(Ids.next("key"),
                    Objects.requireNonNullElse(AdminJson.string(in, "name"), ""),
                    GatewayKeys.hash(plaintext), GatewayKeys.displayPrefix(plaintext),
                    Objects.requireNonNullElse(AdminJson.stringList(in, "models"), List.of()),
                    owner.orgId(), owner.teamId(), owner.userId(),
                    Objects.requireNonNullElse(AdminJson.metadata(in), Map.of()),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), AdminJson.instant(in, "expires_at"), null,
                    !Boolean.FALSE.equals(AdminJson.bool(in, "enabled")),
                    Objects.requireNonNullElse(KeySettings.allowedIps(in), List.of()),
                    Objects.requireNonNullElse(KeySettings.routingTags(in), List.of()), false, null,
                    new dev.tollgate.spi.store.RatePolicies(KeySettings.ratePolicy(in), null, null, null));
            storage.keys().create(key, audit.entry(call, "key.create", "key", key.id(), key.orgId(), key.teamId(),
                    null, describe(key)));
            directory.refresh();
            return key;
        }, created -> {
            log.info("gateway key {} ({}) created", created.id(), created.prefix());
            call.reply(201, describe(created).put("key", plaintext));
        });
    }

    private record Owner(String orgId, String teamId, String userId) {
    }

    /**
     * The owner named in a create: a user (its org and team are copied onto the key) or a team (a service
     * key). Only a platform admin may create a key with neither, as keys were before tenancy.
     */
    private Owner owner(AdminCall call, String userId, String teamId) {
        AdminIdentity who = call.caller();
        Scope.requireWriter(who);
        if (userId != null && teamId != null) {
            throw new AdminFailure(AdminErrors.invalid("A key is owned by a user or a team, not both.", "team_id"));
        }
        if (userId != null) {
            User user = storage.tenancy().findUser(userId)
                    .orElseThrow(() -> new AdminFailure(AdminErrors.invalid("No user with id '" + userId + "'.", "user_id")));
            Scope.requireWrite(who, user.orgId(), user.teamId(), user.id());
            return new Owner(user.orgId(), user.teamId(), user.id());
        }
        if (teamId != null) {
            Team team = storage.tenancy().findTeam(teamId)
                    .orElseThrow(() -> new AdminFailure(AdminErrors.invalid("No team with id '" + teamId + "'.", "team_id")));
            Scope.requireRole(who, AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN, AdminRole.TEAM_ADMIN);
            Scope.requireWrite(who, team.orgId(), team.id(), null);
            return new Owner(team.orgId(), team.id(), null);
        }
        if (who.role() == AdminRole.MEMBER) {
            return new Owner(who.orgId(), who.teamId(), who.userId());
        }
        Scope.requireRole(who, AdminRole.PLATFORM_ADMIN);
        return new Owner(null, null, null);
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> storage.keys().page(Scope.filter(call.caller(), call.param("org_id"), call.param("team_id"),
                        call.param("user_id")), page.after(), page.fetchSize()),
                found -> call.reply(200, page.envelope(found, KeysResource::describe, GatewayKey::id)));
    }

    GatewayKey find(AdminCall call, String id) {
        GatewayKey key = storage.keys().find(id).orElseThrow(() -> new AdminFailure(AdminErrors.notFound("gateway key", id)));
        Scope.requireSee(call.caller(), key.orgId(), key.teamId(), key.userId());
        return key;
    }

    private void show(AdminCall call, String id) {
        call.blocking(() -> find(call, id), found -> call.reply(200, describe(found)));
    }

    private void update(AdminCall call, String id, JsonObject in) {
        call.blocking(() -> {
            GatewayKey before = find(call, id);
            Scope.requireWrite(call.caller(), before.orgId(), before.teamId(), before.userId());
            if (before.revokedAt() != null) {
                throw new AdminFailure(AdminErrors.conflict("A revoked key cannot be changed."));
            }
            GatewayKey after = KeySettings.apply(before, in);
            storage.keys().update(after, audit.entry(call, "key.update", "key", id, before.orgId(), before.teamId(),
                    describe(before), describe(after)));
            directory.refresh();
            return after;
        }, updated -> {
            log.info("gateway key {} ({}) updated", id, updated.prefix());
            call.reply(200, describe(updated));
        });
    }

    private void revoke(AdminCall call, String id) {
        call.blocking(() -> {
            GatewayKey before = find(call, id);
            Scope.requireWrite(call.caller(), before.orgId(), before.teamId(), before.userId());
            GatewayKey after = before.revokedAt() != null ? before : before.withRevokedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            storage.keys().revoke(id, after.revokedAt(), audit.entry(call, "key.revoke", "key", id, before.orgId(),
                    before.teamId(), describe(before), describe(after)));
            // at once on this node; other nodes pick it up at their next periodic refresh
            directory.refresh();
            return after;
        }, revoked -> {
            log.info("gateway key {} ({}) revoked", id, revoked.prefix());
            call.reply(200, describe(revoked));
        });
    }

    /** The key as the API shows it: never the hash, only the display prefix. */
    static JsonObject describe(GatewayKey k) {
        return new JsonObject()
                .put("id", k.id())
                .put("object", "gateway_key")
                .put("name", k.name())
                .put("prefix", k.prefix())
                .put("models", AdminJson.list(k.allowedModels()))
                .put("org_id", k.orgId())
                .put("team_id", k.teamId())
                .put("user_id", k.userId())
                .put("metadata", AdminJson.map(k.metadata()))
                .put("created_at", AdminJson.iso(k.createdAt()))
                .put("expires_at", AdminJson.iso(k.expiresAt()))
                .put("revoked_at", AdminJson.iso(k.revokedAt()))
                .put("enabled", k.enabled())
                .put("allowed_ips", AdminJson.list(k.allowedIps()))
                .put("routing_tags", AdminJson.list(k.routingTags()))
                .put("rate_limit_policy", k.ratePolicies().key());
    }
}
