package dev.tollgate.server.admin;

import dev.tollgate.core.config.ConfigException;
import dev.tollgate.server.config.ConfigSources;
import dev.tollgate.server.config.SealedFields;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.ConfigEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Providers ({@code /admin/v1/providers}) or model groups ({@code /admin/v1/models}) kept in the database. A body
 * is an entry in the configuration file's shape; before anything is committed the whole merged configuration
 * (file + every database entry + this change) goes through the configuration loader, so the API enforces exactly
 * the file's rules. Names the file defines are read-only here (409). Provider secrets are sealed before storing
 * and every answer and audit entry carries only masked hints. Platform admins write; auditors read.
 */
final class ConfigEntriesResource implements AdminResource {

    private final String kind;
    private final String name;
    private final ConfigSources config;
    private final AuditTrail audit;
    private final Clock clock;

    ConfigEntriesResource(String kind, String name, ConfigSources config, AuditTrail audit, Clock clock) {
        this.kind = kind;
        this.name = name;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(AdminRoutes routes) {
        String base = "/" + name;
        routes.create(base, "platform admin", call -> call.jsonBody(in -> create(call, in)))
                .add(HttpMethod.GET, base, "platform admin, auditor", this::list)
                .add(HttpMethod.GET, base + "/{name}", "platform admin, auditor", call -> show(call, call.pathParam("name")))
                .add(HttpMethod.PATCH, base + "/{name}", "platform admin",
                        call -> call.jsonBody(in -> update(call, call.pathParam("name"), in)))
                .add(HttpMethod.DELETE, base + "/{name}", "platform admin", call -> delete(call, call.pathParam("name")));
    }

    private boolean isProvider() {
        return ConfigEntry.PROVIDER.equals(kind);
    }

    private void create(AdminCall call, JsonObject in) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            String entryName = AdminJson.requiredString(in, "name");
            refuseFileName(entryName);
            if (config.store().find(kind, entryName).isPresent()) {
                throw new AdminFailure(AdminErrors.conflict("A " + kind + " named '" + entryName + "' already exists."));
            }
            checkSecrets(in);
            validateWith(entryName, in);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            ConfigEntry entry = new ConfigEntry(kind, entryName, sealed(in).encode(), now, now);
            JsonObject shown = describe(entry, in);
            config.store().create(entry, audit.entry(call, kind + ".create", kind, entryName, null, null, null, shown));
            return shown;
        }, shown -> call.reply(201, shown));
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> {
            requireRead(call);
            List<JsonObject> out = new ArrayList<>();
            for (ConfigEntry e : config.store().all()) {
                if (e.kind().equals(kind) && (page.after() == null || e.name().compareTo(page.after()) > 0)
                        && out.size() < page.fetchSize()) {
                    out.add(describe(e, config.opened(e)));
                }
            }
            return out;
        }, found -> call.reply(200, page.envelope(found, j -> j, j -> j.getString("name"))));
    }

    private void show(AdminCall call, String entryName) {
        call.blocking(() -> {
            requireRead(call);
            ConfigEntry e = find(entryName);
            return describe(e, config.opened(e));
        }, shown -> call.reply(200, shown));
    }

    /** Top-level fields in the body replace the stored ones; fields left out (e.g. {@code keys}) are kept. */
    private void update(AdminCall call, String entryName, JsonObject in) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            refuseFileName(entryName);
            String named = AdminJson.string(in, "name");
            if (named != null && !named.equals(entryName)) {
                throw new AdminFailure(AdminErrors.invalid("'name' cannot change; create a new " + kind
                        + " and delete this one.", "name"));
            }
            ConfigEntry before = find(entryName);
            JsonObject opened = config.opened(before);
            JsonObject next = opened.copy();
            in.forEach(f -> next.put(f.getKey(), f.getValue()));
            next.put("name", entryName);
            checkSecrets(next);
            validateWith(entryName, next);
            ConfigEntry after = new ConfigEntry(kind, entryName, sealed(next).encode(), before.createdAt(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            JsonObject shown = describe(after, next);
            config.store().update(after, audit.entry(call, kind + ".update", kind, entryName, null, null,
                    describe(before, opened), shown));
            return shown;
        }, shown -> call.reply(200, shown));
    }

    private void delete(AdminCall call, String entryName) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            refuseFileName(entryName);
            ConfigEntry before = find(entryName);
            validateWith(entryName, null);
            config.store().delete(kind, entryName, audit.entry(call, kind + ".delete", kind, entryName, null, null,
                    describe(before, config.opened(before)), null));
            return entryName;
        }, gone -> call.reply(200, new JsonObject().put("name", gone).put("object", kind).put("deleted", true)));
    }

    private static void requireRead(AdminCall call) {
        Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.AUDITOR);
    }

    private ConfigEntry find(String entryName) {
        return config.store().find(kind, entryName)
                .orElseThrow(() -> new AdminFailure(AdminErrors.notFound(kind, entryName)));
    }

    private void refuseFileName(String entryName) {
        Set<String> fromFile = isProvider() ? config.fileNames().providers() : config.fileNames().models();
        if (fromFile.contains(entryName)) {
            throw new AdminFailure(AdminErrors.conflict("The " + kind + " '" + entryName + "' is defined in the "
                    + "configuration file, which wins over the database: change it there."));
        }
    }

    /** Refuses what could only store a secret wrongly: a masked hint sent back, or no key to seal it with. */
    private void checkSecrets(JsonObject body) {
        if (!isProvider()) {
            return;
        }
        JsonObject masked = SealedFields.mask(body);
        for (String path : SealedFields.paths(body)) {
            if (valueAt(body, path).contains(SealedFields.ELLIPSIS)) {
                throw new AdminFailure(AdminErrors.invalid("'" + path + "' looks like a masked hint ("
                        + valueAt(masked, path) + "); send the secret itself, or leave the field out to keep it.", path));
            }
        }
        if (config.box() == null && !SealedFields.paths(body).isEmpty()) {
            throw new AdminFailure(AdminErrors.invalid("This gateway has no TOLLGATE_SECRET_KEY, so it cannot store "
                    + "provider secrets (see docs/configuration.md, \"Secrets\").", "keys"));
        }
    }

    private static String valueAt(JsonObject body, String path) {
        if (path.startsWith("keys[")) {
            Object v = body.getJsonArray("keys").getValue(Integer.parseInt(path.substring(5, path.length() - 1)));
            return String.valueOf(v);
        }
        int dot = path.indexOf('.');
        return String.valueOf(body.getJsonObject(path.substring(0, dot)).getValue(path.substring(dot + 1)));
    }

    /**
     * Runs the merged configuration with this entry replaced by {@code body} (or removed when null) through the
     * loader; any problem becomes a 400 naming the field.
     */
    private void validateWith(String entryName, JsonObject body) {
        List<ConfigEntry> candidate = new ArrayList<>();
        for (ConfigEntry e : config.store().all()) {
            if (!(e.kind().equals(kind) && e.name().equals(entryName))) {
                candidate.add(openedEntry(e));
            }
        }
        if (body != null) {
            candidate.add(new ConfigEntry(kind, entryName, body.encode(), Instant.EPOCH, Instant.EPOCH));
        }
        try {
            config.validate(candidate);
        } catch (ConfigException e) {
            String first = e.problems().get(0);
            int colon = first.indexOf(": ");
            String field = colon > 0 ? first.substring(0, colon) : null;
            String prefix = name + "/" + entryName + ".";
            String param = field != null && field.startsWith(prefix) ? field.substring(prefix.length()) : field;
            throw new AdminFailure(AdminErrors.invalid("The configuration would not be valid: "
                    + String.join("; ", e.problems()), param));
        }
    }

    /** The entry as {@link ConfigSources#validate} takes it: secrets open, so it does not open them again. */
    private ConfigEntry openedEntry(ConfigEntry e) {
        return new ConfigEntry(e.kind(), e.name(), config.opened(e).encode(), e.createdAt(), e.updatedAt());
    }

    private JsonObject sealed(JsonObject plain) {
        return isProvider() && config.box() != null ? SealedFields.seal(plain, config.box()) : plain;
    }

    /** The answer: the entry with every secret replaced by its hint, plus bookkeeping fields. */
    private JsonObject describe(ConfigEntry e, JsonObject plain) {
        JsonObject out = isProvider() ? SealedFields.mask(plain) : plain.copy();
        out.put("object", kind).put("source", "database")
                .put("created_at", AdminJson.iso(e.createdAt())).put("updated_at", AdminJson.iso(e.updatedAt()));
        if (isProvider()) {
            out.put("secret_fields", new JsonArray(new ArrayList<>(SealedFields.paths(plain))));
        }
        return out;
    }
}
