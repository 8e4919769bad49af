package dev.tollgate.server;

import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.pipeline.ErrorResponses;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.core.pipeline.RequestIds;
import dev.tollgate.core.routing.DeploymentHealth;
import dev.tollgate.core.routing.RoutingState;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The admin API under {@code /admin/v1}, guarded by the bootstrap admin key ({@code TOLLGATE_ADMIN_KEY}):
 * create, list, show and revoke gateway keys; read recent usage. Database work runs on worker threads;
 * the key snapshot is refreshed right after a change so it takes effect on this node at once.
 * Thread-safe.
 */
final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final int MAX_PAGE = 200;

    private final Storage storage;
    private final KeyDirectory keys;
    private final byte[] adminKey;
    private final Clock clock;
    private final RoutingState routing;

    AdminApi(Storage storage, KeyDirectory keys, String adminKey, Clock clock, RoutingState routing) {
        this.storage = storage;
        this.routing = routing;
        this.keys = keys;
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    void handle(HttpServerRequest req) {
        String presented = PresentedKey.from(req.headers());
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminKey)) {
            ErrorResponses.send(req.response(), GatewayError.adminUnauthorized());
            return;
        }
        String path = req.path();
        HttpMethod method = req.method();
        if (path.equals("/admin/v1/keys")) {
            if (method == HttpMethod.POST) {
                req.body().onSuccess(body -> createKey(req, body));
            } else if (method == HttpMethod.GET) {
                listKeys(req);
            } else {
                methodNotAllowed(req);
            }
        } else if (path.startsWith("/admin/v1/keys/")) {
            String rest = path.substring("/admin/v1/keys/".length());
            if (rest.endsWith("/revoke") && method == HttpMethod.POST) {
                revokeKey(req, rest.substring(0, rest.length() - "/revoke".length()));
            } else if (method == HttpMethod.DELETE) {
                revokeKey(req, rest);
            } else if (method == HttpMethod.GET) {
                showKey(req, rest);
            } else {
                methodNotAllowed(req);
            }
        } else if (path.equals("/admin/v1/usage") && method == HttpMethod.GET) {
            listUsage(req);
        } else if (path.equals("/admin/v1/routing/health") && method == HttpMethod.GET) {
            routingHealth(req);
        } else {
            ErrorResponses.send(req.response(), GatewayError.unknownUrl(method.name(), path));
        }
    }

    private void createKey(HttpServerRequest req, Buffer body) {
        JsonObject in;
        try {
            in = body.length() == 0 ? new JsonObject() : body.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            invalid(req, "The request body must be a JSON object.", null);
            return;
        }
        List<String> models = new ArrayList<>();
        Map<String, String> metadata = new HashMap<>();
        Instant expiresAt;
        try {
            JsonArray m = in.getJsonArray("models", new JsonArray());
            for (Object o : m) {
                if (!(o instanceof String s) || s.isBlank()) {
                    invalid(req, "'models' must be a list of model names or patterns.", "models");
                    return;
                }
                models.add(s);
            }
            JsonObject meta = in.getJsonObject("metadata", new JsonObject());
            for (String k : meta.fieldNames()) {
                metadata.put(k, String.valueOf(meta.getValue(k)));
            }
            String expires = in.getString("expires_at");
            expiresAt = expires == null ? null : Instant.parse(expires);
        } catch (ClassCastException e) {
            invalid(req, "A field has the wrong type: 'models' is a list of strings, 'metadata' an object, "
                    + "'expires_at' an ISO-8601 string.", null);
            return;
        } catch (DateTimeParseException e) {
            invalid(req, "'expires_at' must be an ISO-8601 instant such as 2027-01-01T00:00:00Z.", "expires_at");
            return;
        }
        String name;
        try {
            name = in.getString("name", "");
        } catch (ClassCastException e) {
            invalid(req, "'name' must be a string.", "name");
            return;
        }
        String plaintext = GatewayKeys.generate();
        GatewayKey key = new GatewayKey("key_" + UUID.randomUUID().toString().replace("-", ""), name,
                GatewayKeys.hash(plaintext), GatewayKeys.displayPrefix(plaintext), models,
                in.getString("team_id"), in.getString("user_id"), metadata, clock.instant().truncatedTo(ChronoUnit.MILLIS), expiresAt, null);
        blocking(req, () -> {
            storage.keys().create(key);
            keys.refresh();
            return key;
        }, created -> {
            log.info("gateway key {} ({}) created", created.id(), created.prefix());
            reply(req, 201, describe(created).put("key", plaintext));
        });
    }

    private void listKeys(HttpServerRequest req) {
        int limit;
        try {
            limit = Integer.parseInt(req.getParam("limit", "50"));
        } catch (NumberFormatException e) {
            invalid(req, "'limit' must be a number.", "limit");
            return;
        }
        int pageSize = Math.max(1, Math.min(limit, MAX_PAGE));
        String after = req.getParam("after");
        blocking(req, () -> storage.keys().page(after, pageSize + 1), page -> {
            JsonArray data = new JsonArray();
            page.stream().limit(pageSize).forEach(k -> data.add(describe(k)));
            boolean more = page.size() > pageSize;
            reply(req, 200, new JsonObject().put("object", "list").put("data", data).put("has_more", more)
                    .put("next_after", more ? page.get(pageSize - 1).id() : null));
        });
    }

    private void showKey(HttpServerRequest req, String id) {
        blocking(req, () -> storage.keys().find(id), found -> {
            if (found.isEmpty()) {
                notFound(req, id);
            } else {
                reply(req, 200, describe(found.get()));
            }
        });
    }

    private void revokeKey(HttpServerRequest req, String id) {
        blocking(req, () -> {
            boolean revoked = storage.keys().revoke(id, clock.instant());
            if (revoked) {
                keys.refresh();
            }
            return revoked ? storage.keys().find(id) : java.util.Optional.<GatewayKey>empty();
        }, found -> {
            if (found.isEmpty()) {
                notFound(req, id);
            } else {
                log.info("gateway key {} ({}) revoked", id, found.get().prefix());
                reply(req, 200, describe(found.get()));
            }
        });
    }

    /** What this process knows about each deployment it has routed to: breaker, load, latency. */
    private void routingHealth(HttpServerRequest req) {
        JsonArray data = new JsonArray();
        routing.snapshot().forEach(entry -> {
            DeploymentHealth h = entry.health();
            data.add(new JsonObject()
                .put("model", entry.model())
                .put("deployment", entry.deployment())
                .put("breaker", h.breaker().state().name().toLowerCase(java.util.Locale.ROOT))
                .put("in_flight", h.inFlight())
                .put("requests_last_minute", h.requestsLastMinute())
                .put("ttft_ms", Double.isNaN(h.ttftNanos()) ? null : h.ttftNanos() / 1e6)
                .put("latency_ms", Double.isNaN(h.totalNanos()) ? null : h.totalNanos() / 1e6));
        });
        reply(req, 200, new JsonObject().put("object", "list").put("data", data));
    }

    private void listUsage(HttpServerRequest req) {
        int limit;
        try {
            limit = Math.max(1, Math.min(Integer.parseInt(req.getParam("limit", "50")), 1000));
        } catch (NumberFormatException e) {
            invalid(req, "'limit' must be a number.", "limit");
            return;
        }
        blocking(req, () -> storage.usage().recent(limit), events -> {
            JsonArray data = new JsonArray();
            events.forEach(e -> data.add(describe(e)));
            reply(req, 200, new JsonObject().put("object", "list").put("data", data));
        });
    }

    private static JsonObject describe(GatewayKey k) {
        return new JsonObject()
                .put("id", k.id())
                .put("object", "gateway_key")
                .put("name", k.name())
                .put("prefix", k.prefix())
                .put("models", new JsonArray(new ArrayList<>(k.allowedModels())))
                .put("team_id", k.teamId())
                .put("user_id", k.userId())
                .put("metadata", new JsonObject(new HashMap<>(k.metadata())))
                .put("created_at", iso(k.createdAt()))
                .put("expires_at", iso(k.expiresAt()))
                .put("revoked_at", iso(k.revokedAt()));
    }

    private static JsonObject describe(UsageEvent e) {
        return new JsonObject()
                .put("request_id", e.requestId())
                .put("started_at", iso(e.startedAt()))
                .put("key_id", e.keyId())
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

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private <T> void blocking(HttpServerRequest req, Callable<T> work, java.util.function.Consumer<T> then) {
        Vertx.currentContext().owner().executeBlocking(work, false).onComplete(r -> {
            if (r.succeeded()) {
                then.accept(r.result());
            } else {
                log.error("admin call {} {} failed", req.method(), req.path(), r.cause());
                ErrorResponses.send(req.response(), GatewayError.internal());
            }
        });
    }

    private static void reply(HttpServerRequest req, int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("x-request-id", RequestIds.next())
                .putHeader("cache-control", "no-store").end(body.toBuffer());
    }

    private static void invalid(HttpServerRequest req, String message, String param) {
        ErrorResponses.send(req.response(), GatewayError.invalidRequest(message, param));
    }

    private static void notFound(HttpServerRequest req, String id) {
        ErrorResponses.send(req.response(), GatewayError.notFound("No gateway key with id '" + id + "'."));
    }

    private static void methodNotAllowed(HttpServerRequest req) {
        ErrorResponses.send(req.response(), GatewayError.methodNotAllowed(req.method().name(), req.path()));
    }
}
