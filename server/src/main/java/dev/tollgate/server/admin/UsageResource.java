package dev.tollgate.server.admin;

import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.Ownership;
import dev.tollgate.spi.store.Storage;
import dev.tollgate.spi.store.UsageEventQuery;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * {@code GET /admin/v1/usage}: raw usage events, newest first, one page at a time ({@code limit}, {@code after}),
 * filtered by {@code from}, {@code to}, {@code org_id}, {@code team_id}, {@code user_id}, {@code key_id},
 * {@code model}, {@code status} and {@code request_id}, and confined to the caller's scope. The cursor is the last
 * event's start time and request id; events older than {@code usage.retention_days} are gone (the reports, read
 * from rollups, still count them).
 */
final class UsageResource implements AdminResource {

    private static final int MAX_LIMIT = 1000;

    private final Storage storage;

    UsageResource(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.GET, "/usage", AdminAccess.SCOPED, this::list)
                .add(HttpMethod.GET, "/usage/{id}/bodies", AdminAccess.SCOPED, call -> bodies(call, call.pathParam("id")));
    }

    /**
     * The bodies the request log kept for one call ({@code request_log.bodies}), redacted. The call's usage event
     * decides who may read them: an identity that cannot see the event gets the same 404 as for a call without bodies.
     */
    private void bodies(AdminCall call, String requestId) {
        call.blocking(() -> {
            Ownership scope = Scope.filter(call.caller(), null, null, null);
            boolean visible = !storage.usage().page(new UsageEventQuery(null, null, scope, null, null, null, requestId,
                    null, null, 1)).isEmpty();
            return visible ? storage.usage().bodies(requestId).orElse(null) : null;
        }, found -> {
            if (found == null) {
                call.fail(AdminErrors.notFound("request bodies", requestId));
                return;
            }
            call.reply(200, new JsonObject()
                    .put("object", "request_bodies")
                    .put("request_id", found.requestId())
                    .put("started_at", AdminJson.iso(found.startedAt()))
                    .put("request", found.request())
                    .put("response", found.response())
                    .put("truncated", found.truncated()));
        });
    }

    private void list(AdminCall call) {
        int limit;
        try {
            limit = Math.max(1, Math.min(Integer.parseInt(call.request().getParam("limit", "50")), MAX_LIMIT));
        } catch (NumberFormatException e) {
            call.fail(AdminErrors.invalid("'limit' must be a number.", "limit"));
            return;
        }
        call.blocking(() -> {
            Ownership scope = Scope.filter(call.caller(), call.param("org_id"), call.param("team_id"),
                    call.param("user_id"));
            Cursor after = Cursor.parse(call.param("after"));
            return storage.usage().page(new UsageEventQuery(AdminParams.instant(call, "from"),
                    AdminParams.instant(call, "to"), scope, call.param("key_id"), call.param("model"),
                    AdminParams.integer(call, "status"), call.param("request_id"),
                    after == null ? null : after.startedAt(), after == null ? null : after.requestId(), limit + 1));
        }, found -> call.reply(200, new PageRequest(limit, null).envelope(found, UsageResource::describe,
                e -> new Cursor(e.startedAt(), e.requestId()).toString())));
    }

    /** {@code <epoch ms>:<request id>}: the position of the last event of a page. */
    record Cursor(Instant startedAt, String requestId) {

        static Cursor parse(String value) {
            if (value == null) {
                return null;
            }
            int colon = value.indexOf(':');
            try {
                if (colon > 0 && colon < value.length() - 1) {
                    return new Cursor(Instant.ofEpochMilli(Long.parseLong(value.substring(0, colon))),
                            value.substring(colon + 1));
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new AdminFailure(AdminErrors.invalid("'after' must be the 'next_after' of a previous page.", "after"));
        }

        @Override
        public String toString() {
            return startedAt.toEpochMilli() + ":" + requestId;
        }
    }

    static JsonObject describe(UsageEvent e) {
        return new JsonObject()
                .put("request_id", e.requestId())
                .put("started_at", AdminJson.iso(e.startedAt()))
                .put("key_id", e.keyId())
                .put("team_id", e.teamId())
                .put("user_id", e.userId())
                .put("endpoint", e.endpoint().openAiPath())
                .put("model", e.model())
                .put("provider", e.provider())
                .put("upstream_model", e.upstreamModel())
                .put("stream", e.stream())
                .put("prompt_tokens", e.usage().promptTokens())
                .put("completion_tokens", e.usage().completionTokens())
                .put("cached_tokens", e.usage().cachedTokens())
                .put("cache_write_tokens", e.usage().cacheWriteTokens())
                .put("reasoning_tokens", e.usage().reasoningTokens())
                .put("tokens_estimated", e.usage().estimated())
                .put("cost_usd", e.costNanoUsd() / 1e9)
                .put("cost_nano_usd", e.costNanoUsd())
                .put("latency_ms", e.latencyMicros() / 1e3)
                .put("ttft_ms", e.ttftMicros() / 1e3)
                .put("status", e.status())
                .put("error_type", e.errorType())
                .put("deployment", e.deployment())
                .put("attempts", e.attempts());
    }
}
