package dev.tollgate.server.admin;

import dev.tollgate.core.auth.GatewayKeys;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.spi.store.GatewayKey;
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
import java.util.UUID;

/**
 * Gateway keys under {@code /admin/v1/keys}: create, list, show, revoke. The key snapshot is refreshed
 * right after a change so it takes effect on this node at once.
 */
final class KeysResource implements AdminResource {

    private static final Logger log = LoggerFactory.getLogger(KeysResource.class);

    private final Storage storage;
    private final KeyDirectory directory;
    private final Clock clock;

    KeysResource(Storage storage, KeyDirectory directory, Clock clock) {
        this.storage = storage;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "keys";
    }

    @Override
    public void handle(AdminCall call) {
        List<String> s = call.segments();
        HttpMethod method = call.request().method();
        if (s.isEmpty()) {
            if (method == HttpMethod.POST) {
                call.jsonBody(in -> create(call, in));
            } else if (method == HttpMethod.GET) {
                list(call);
            } else {
                call.methodNotAllowed();
            }
        } else if (s.size() == 1) {
            if (method == HttpMethod.GET) {
                show(call, s.get(0));
            } else if (method == HttpMethod.DELETE) {
                revoke(call, s.get(0));
            } else {
                call.methodNotAllowed();
            }
        } else if (s.size() == 2 && s.get(1).equals("revoke")) {
            if (method == HttpMethod.POST) {
                revoke(call, s.get(0));
            } else {
                call.methodNotAllowed();
            }
        } else {
            call.unknownUrl();
        }
    }

    private void create(AdminCall call, JsonObject in) {
        String plaintext = GatewayKeys.generate();
        call.blocking(() -> {
            GatewayKey key = new GatewayKey("key_" + UUID.randomUUID().toString().replace("-", ""),
                    Objects.requireNonNullElse(AdminJson.string(in, "name"), ""),
                    GatewayKeys.hash(plaintext), GatewayKeys.displayPrefix(plaintext),
                    Objects.requireNonNullElse(AdminJson.stringList(in, "models"), List.of()),
                    AdminJson.string(in, "team_id"), AdminJson.string(in, "user_id"),
                    Objects.requireNonNullElse(AdminJson.metadata(in), Map.of()),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS), AdminJson.instant(in, "expires_at"), null);
            storage.keys().create(key);
            directory.refresh();
            return key;
        }, created -> {
            log.info("gateway key {} ({}) created", created.id(), created.prefix());
            call.reply(201, describe(created).put("key", plaintext));
        });
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> storage.keys().page(page.after(), page.fetchSize()),
                found -> call.reply(200, page.envelope(found, KeysResource::describe, GatewayKey::id)));
    }

    private void show(AdminCall call, String id) {
        call.blocking(() -> storage.keys().find(id).orElseThrow(() -> new AdminFailure(AdminErrors.notFound("gateway key", id))),
                found -> call.reply(200, describe(found)));
    }

    private void revoke(AdminCall call, String id) {
        call.blocking(() -> {
            if (!storage.keys().revoke(id, clock.instant())) {
                throw new AdminFailure(AdminErrors.notFound("gateway key", id));
            }
            directory.refresh();
            return storage.keys().find(id).orElseThrow();
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
                .put("team_id", k.teamId())
                .put("user_id", k.userId())
                .put("metadata", AdminJson.map(k.metadata()))
                .put("created_at", AdminJson.iso(k.createdAt()))
                .put("expires_at", AdminJson.iso(k.expiresAt()))
                .put("revoked_at", AdminJson.iso(k.revokedAt()));
    }
}
