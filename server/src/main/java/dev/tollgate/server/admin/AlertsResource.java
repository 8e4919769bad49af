package dev.tollgate.server.admin;

import dev.tollgate.core.abuse.AbuseAlert;
import dev.tollgate.core.abuse.AlertLog;
import dev.tollgate.spi.store.AdminRole;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


/**
 * {@code GET /admin/v1/alerts}: this node's most recent abuse alerts (docs/abuse.md), newest first, optionally
 * filtered by {@code type} and {@code key_id}, at most {@code limit} (default 100, at most 1000). Confined to what
 * the caller may see: an org admin sees alerts about its organisation's keys and teams; alerts about client
 * addresses or key prefixes (no known owner) only platform admins. Members have no access.
 */
public final class AlertsResource implements AdminResource {

    private final AlertLog alerts;

    AlertsResource(AlertLog alerts) {
        this.alerts = alerts;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.GET, "/alerts", "all but members", this::list);
    }

    private void list(AdminCall call) {
        // in memory, but through blocking() like every resource: it turns AdminFailures into answers
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.AUDITOR, AdminRole.ORG_ADMIN,
                    AdminRole.TEAM_ADMIN);
            int limit = limit(call.param("limit"));
            String type = call.param("type");
            String keyId = call.param("key_id");
            return alerts.list(a -> (type == null || type.equals(a.type()))
                    && (keyId == null || keyId.equals(a.keyId()))
                    && Scope.canSee(call.caller(), a.orgId(), a.teamId(), null)
                    && (a.orgId() != null || call.caller().role() == AdminRole.PLATFORM_ADMIN), limit);
        }, found -> {
            JsonArray data = new JsonArray();
            found.forEach(a -> data.add(describe(a)));
            call.reply(200, new JsonObject().put("object", "list").put("data", data));
        });
    }

    private static int limit(String asked) {
        if (asked == null) {
            return 100;
        }
        int limit;
        try {
            limit = Integer.parseInt(asked);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            throw new AdminFailure(AdminErrors.invalid("'limit' must be a whole number from 1 to 1000.", "limit"));
        }
        return limit;
    }

    public static JsonObject describe(AbuseAlert a) {
        return new JsonObject().put("id", a.id()).put("object", "alert").put("type", a.type())
                .put("subject", a.subject()).put("key_id", a.keyId()).put("key_prefix", a.keyPrefix())
                .put("team_id", a.teamId()).put("org_id", a.orgId()).put("detail", a.detail())
                .put("action", a.action()).put("at", AdminJson.iso(a.at()));
    }
}
