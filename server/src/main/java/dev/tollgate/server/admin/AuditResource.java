package dev.tollgate.server.admin;

import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.AuditQuery;
import dev.tollgate.spi.store.Ownership;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code GET /admin/v1/audit}: the audit log, newest first, filtered by {@code from}, {@code to},
 * {@code actor_id}, {@code action}, {@code target_type}, {@code target_id}, {@code org_id}, {@code team_id}.
 * Read-only by design: the log has no write endpoint at all. Members have no access.
 */
final class AuditResource implements AdminResource {

    private final Storage storage;

    AuditResource(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.GET, "/audit", "all but members", this::list);
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.AUDITOR, AdminRole.ORG_ADMIN,
                    AdminRole.TEAM_ADMIN);
            Ownership scope = Scope.filter(call.caller(), call.param("org_id"), call.param("team_id"), null);
            return storage.audit().page(new AuditQuery(time(call, "from"), time(call, "to"), call.param("actor_id"),
                    call.param("action"), call.param("target_type"), call.param("target_id"), scope.orgId(),
                    scope.teamId(), page.after(), page.fetchSize()));
        }, found -> call.reply(200, page.envelope(found, AuditResource::describe, AuditEntry::id)));
    }

    private static Instant time(AdminCall call, String param) {
        String value = call.param(param);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new AdminFailure(AdminErrors.invalid("'" + param + "' must be an ISO-8601 instant.", param));
        }
    }

    static JsonObject describe(AuditEntry e) {
        return new JsonObject().put("id", e.id()).put("object", "audit_entry").put("at", AdminJson.iso(e.at()))
                .put("actor_id", e.actorId()).put("actor_role", e.actorRole()).put("action", e.action())
                .put("target_type", e.targetType()).put("target_id", e.targetId()).put("org_id", e.orgId())
                .put("team_id", e.teamId())
                .put("before", e.before() == null ? null : new JsonObject(e.before()))
                .put("after", e.after() == null ? null : new JsonObject(e.after()))
                .put("request_id", e.requestId()).put("client_ip", e.clientIp());
    }
}
