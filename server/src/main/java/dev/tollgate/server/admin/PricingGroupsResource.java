package dev.tollgate.server.admin;

import dev.tollgate.core.ledger.PricingGroups;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.PricingGroup;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Pricing groups under {@code /admin/v1/pricing-groups} (relay mode): a caller in a group is charged cost ×
 * multiplier × the model's ratio. Only platform admins change them (they set the resale prices); every admin may
 * read them, to assign users. Decimals are answered as strings so no client parses them into a double by accident.
 * A change applies on this node at once and on the others within a poll of the {@code ledger} change counter.
 */
final class PricingGroupsResource implements AdminResource {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final BigDecimal MAX_FACTOR = BigDecimal.valueOf(1000);

    private final Storage storage;
    private final AuditTrail audit;
    private final Clock clock;
    private final PricingGroups pricing;

    PricingGroupsResource(Storage storage, AuditTrail audit, Clock clock, PricingGroups pricing) {
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
        this.pricing = pricing;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.create("/pricing-groups", "platform admin", call -> call.jsonBody(in -> create(call, in)))
                .add(HttpMethod.GET, "/pricing-groups", AdminAccess.ANY, this::list)
                .add(HttpMethod.GET, "/pricing-groups/{name}", AdminAccess.ANY,
                        call -> call.blocking(() -> find(call.pathParam("name")), g -> call.reply(200, describe(g))))
                .add(HttpMethod.PATCH, "/pricing-groups/{name}", "platform admin",
                        call -> call.jsonBody(in -> update(call, call.pathParam("name"), in)))
                .add(HttpMethod.DELETE, "/pricing-groups/{name}", "platform admin",
                        call -> delete(call, call.pathParam("name")));
    }

    private void create(AdminCall call, JsonObject in) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            String name = AdminJson.requiredString(in, "name");
            if (!NAME.matcher(name).matches()) {
                throw new AdminFailure(AdminErrors.invalid("'name' must be 1 to 64 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit.", "name"));
            }
            BigDecimal multiplier = factor(AdminMoney.decimal(in, "multiplier"), "multiplier");
            Map<String, BigDecimal> ratios = ratios(in);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            PricingGroup group = new PricingGroup(name, multiplier != null ? multiplier : BigDecimal.ONE,
                    ratios != null ? ratios : Map.of(), now, now);
            storage.pricingGroups().create(group, audit.entry(call, "pricing_group.create", "pricing_group", name,
                    null, null, null, describe(group)));
            pricing.refresh(storage.pricingGroups());
            return group;
        }, group -> call.reply(201, describe(group)));
    }

    private void list(AdminCall call) {
        call.blocking(() -> storage.pricingGroups().all(), groups -> {
            JsonArray data = new JsonArray();
            groups.forEach(g -> data.add(describe(g)));
            call.reply(200, new JsonObject().put("object", "list").put("data", data).put("has_more", false)
                    .put("next_after", null));
        });
    }

    private PricingGroup find(String name) {
        return storage.pricingGroups().find(name)
                .orElseThrow(() -> new AdminFailure(AdminErrors.notFound("pricing group", name)));
    }

    private void update(AdminCall call, String name, JsonObject in) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            PricingGroup before = find(name);
            BigDecimal multiplier = factor(AdminMoney.decimal(in, "multiplier"), "multiplier");
            Map<String, BigDecimal> ratios = ratios(in);
            PricingGroup after = new PricingGroup(name, multiplier != null ? multiplier : before.multiplier(),
                    ratios != null ? ratios : before.modelRatios(), before.createdAt(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            if (!storage.pricingGroups().update(after, audit.entry(call, "pricing_group.update", "pricing_group", name,
                    null, null, describe(before), describe(after)))) {
                throw new AdminFailure(AdminErrors.notFound("pricing group", name));
            }
            pricing.refresh(storage.pricingGroups());
            return after;
        }, group -> call.reply(200, describe(group)));
    }

    private void delete(AdminCall call, String name) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            PricingGroup before = find(name);
            storage.pricingGroups().delete(name, audit.entry(call, "pricing_group.delete", "pricing_group", name,
                    null, null, describe(before), null));
            pricing.refresh(storage.pricingGroups());
            return before;
        }, group -> call.reply(200, new JsonObject().put("id", group.name()).put("object", "pricing_group")
                .put("deleted", true)));
    }

    /** 0 ≤ factor ≤ 1000; null stays null (field absent). */
    private static BigDecimal factor(BigDecimal value, String field) {
        if (value != null && (value.signum() < 0 || value.compareTo(MAX_FACTOR) > 0)) {
            throw new AdminFailure(AdminErrors.invalid("'" + field + "' must be between 0 and 1000.", field));
        }
        return value;
    }

    private static Map<String, BigDecimal> ratios(JsonObject in) {
        Object value = in.getValue("model_ratios");
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw new AdminFailure(AdminErrors.invalid("'model_ratios' must be an object of model name to ratio.",
                    "model_ratios"));
        }
        Map<String, BigDecimal> ratios = new TreeMap<>();
        for (String model : object.fieldNames()) {
            if (model.isBlank()) {
                throw new AdminFailure(AdminErrors.invalid("'model_ratios' has an empty model name.", "model_ratios"));
            }
            BigDecimal ratio = factor(AdminMoney.decimal(object, model), "model_ratios");
            if (ratio == null) {
                throw new AdminFailure(AdminErrors.invalid("'model_ratios." + model + "' must be a decimal number.",
                        "model_ratios"));
            }
            ratios.put(model, ratio);
        }
        return ratios;
    }

    static JsonObject describe(PricingGroup g) {
        JsonObject ratios = new JsonObject();
        new TreeMap<>(g.modelRatios()).forEach((model, ratio) -> ratios.put(model, ratio.toPlainString()));
        return new JsonObject().put("id", g.name()).put("object", "pricing_group").put("name", g.name())
                .put("multiplier", g.multiplier().toPlainString()).put("model_ratios", ratios)
                .put("created_at", AdminJson.iso(g.createdAt())).put("updated_at", AdminJson.iso(g.updatedAt()));
    }
}
