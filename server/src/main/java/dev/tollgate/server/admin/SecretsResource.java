package dev.tollgate.server.admin;

import dev.tollgate.core.secrets.KeyCheck;
import dev.tollgate.core.secrets.SecretBox;
import dev.tollgate.server.config.ConfigSources;
import dev.tollgate.server.config.SealedFields;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.ConfigEntry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /admin/v1/secrets/rotate}: re-seals every stored secret under the current TOLLGATE_SECRET_KEY and
 * forgets the other keys' checks, so the previous key can be retired (docs/operations.md, "Rotating the secret
 * key"). Platform admins only; audited with counts, never values.
 */
final class SecretsResource implements AdminResource {

    private final ConfigSources config;
    private final AuditTrail audit;

    SecretsResource(ConfigSources config, AuditTrail audit) {
        this.config = config;
        this.audit = audit;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.POST, "/secrets/rotate", "platform admin", this::rotate);
    }

    private void rotate(AdminCall call) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            SecretBox box = config.box();
            if (box == null) {
                throw new AdminFailure(AdminErrors.invalid("This gateway has no TOLLGATE_SECRET_KEY to rotate to.", null));
            }
            List<ConfigEntry> resealed = new ArrayList<>();
            for (ConfigEntry e : config.store().all()) {
                JsonObject stored = new JsonObject(e.body());
                if (ConfigEntry.PROVIDER.equals(e.kind())
                        && SealedFields.keyIds(stored).stream().anyMatch(id -> !id.equals(box.currentKeyId()))) {
                    resealed.add(new ConfigEntry(e.kind(), e.name(),
                            SealedFields.seal(SealedFields.open(stored, box), box).encode(), e.createdAt(), e.updatedAt()));
                }
            }
            JsonObject result = new JsonObject().put("object", "secret_rotation").put("key_id", box.currentKeyId())
                    .put("resealed", resealed.size());
            config.store().reseal(resealed, box.currentKeyId(), KeyCheck.valueFor(box),
                    audit.entry(call, "secrets.rotate", "secret_key", box.currentKeyId(), null, null, null, result));
            return result;
        }, result -> call.reply(200, result));
    }
}
