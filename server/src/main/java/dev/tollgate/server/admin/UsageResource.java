package dev.tollgate.server.admin;

import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code GET /admin/v1/usage}: the most recent usage events, newest first. */
final class UsageResource implements AdminResource {

    private static final int MAX_LIMIT = 1000;

    private final Storage storage;

    UsageResource(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.GET, "/usage", AdminAccess.SCOPED, this::recent);
    }

    private void recent(AdminCall call) {
        int limit;
        try {
            limit = Math.max(1, Math.min(Integer.parseInt(call.request().getParam("limit", "50")), MAX_LIMIT));
        } catch (NumberFormatException e) {
            call.fail(AdminErrors.invalid("'limit' must be a number.", "limit"));
            return;
        }
        call.blocking(() -> storage.usage().recent(Scope.filter(call.caller(), call.param("org_id"),
                call.param("team_id"), call.param("user_id")), limit), events -> {
            JsonArray data = new JsonArray();
            events.forEach(e -> data.add(describe(e)));
            call.reply(200, new JsonObject().put("object", "list").put("data", data));
        });
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
