package dev.tollgate.server.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tollgate.core.config.ConfigException;
import dev.tollgate.core.config.ConfigLoader;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.metering.Price;
import dev.tollgate.core.metering.PriceTable;
import dev.tollgate.server.config.ConfigSources;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.ConfigEntry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prices ({@code /admin/v1/prices}): the table in force (configuration file, database, shipped defaults) to read,
 * and database entries to create, replace and delete. Stored as {@code price} configuration entries, so a change
 * reaches every node through the same {@code config_version} poll as providers and models, and goes through the
 * configuration loader (file + database + this change) before it is committed. An entry's id comes from its scope,
 * model and effective date: posting an entry with the same ones replaces it. Rates travel as decimal strings
 * (numbers are accepted and read from their text, never as doubles). Platform admins write; auditors and org
 * admins read.
 */
final class PricesResource implements AdminResource {

    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> TEXT_FIELDS = Set.of("model", "provider", "deployment", "effective_from");
    private static final List<String> RATE_FIELDS = List.of("input", "cached_input", "cache_write", "output",
            "reasoning", "per_request");

    private final ConfigSources config;
    private final AuditTrail audit;
    private final Clock clock;

    PricesResource(ConfigSources config, AuditTrail audit, Clock clock) {
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.create("/prices", "platform admin", call -> call.blocking(() -> put(call), r -> call.reply(r.status, r.body)))
                .add(HttpMethod.GET, "/prices", "platform admin, auditor, org admin", this::list)
                .add(HttpMethod.GET, "/prices/{id}", "platform admin, auditor, org admin",
                        call -> call.blocking(() -> show(call, call.pathParam("id")), shown -> call.reply(200, shown)))
                .add(HttpMethod.DELETE, "/prices/{id}", "platform admin",
                        call -> call.blocking(() -> delete(call, call.pathParam("id")), gone -> call.reply(200, gone)));
    }

    private record Reply(int status, JsonObject body) {
    }

    /** One price as the table holds it, with where it comes from. */
    private record Listed(GatewayConfig.PriceEntry entry, String source, ConfigEntry stored) {
        String id() {
            return entry.id();
        }
    }

    private Reply put(AdminCall call) {
        Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
        ObjectNode body = normalised(call);
        String id = ConfigLoader.priceId(body);
        if (config.fileNames().prices().contains(id)) {
            throw new AdminFailure(AdminErrors.conflict("This price (same scope, model and effective_from) is defined"
                    + " in the configuration file, which wins over the database: change it there."));
        }
        String text = body.toString();
        GatewayConfig next = validate(id, text);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<ConfigEntry> before = config.store().find(ConfigEntry.PRICE, id);
        JsonObject beforeShown = before.map(b -> describe(find(id))).orElse(null);
        ConfigEntry entry = new ConfigEntry(ConfigEntry.PRICE, id, text, before.map(ConfigEntry::createdAt).orElse(now), now);
        GatewayConfig.PriceEntry parsed = next.prices().stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("price " + id + " missing from the configuration it made"));
        JsonObject shown = describe(new Listed(parsed, "database", entry));
        if (before.isPresent()) {
            config.store().update(entry, audit.entry(call, "price.update", "price", id, null, null, beforeShown, shown));
            return new Reply(200, shown);
        }
        config.store().create(entry, audit.entry(call, "price.create", "price", id, null, null, null, shown));
        return new Reply(201, shown);
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        String model = call.param("model");
        call.blocking(() -> {
            requireRead(call);
            List<Listed> out = new ArrayList<>();
            for (Listed l : table()) {
                if ((page.after() == null || l.id().compareTo(page.after()) > 0)
                        && (model == null || model.equals(l.entry().model())) && out.size() < page.fetchSize()) {
                    out.add(l);
                }
            }
            return out;
        }, found -> call.reply(200, page.envelope(found, this::describe, Listed::id)));
    }

    private JsonObject show(AdminCall call, String id) {
        requireRead(call);
        return describe(find(id));
    }

    private JsonObject delete(AdminCall call, String id) {
        Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
        Listed before = find(id);
        if (before.stored() == null) {
            throw new AdminFailure(AdminErrors.conflict("The price " + id + " comes from the " + before.source()
                    + (before.source().equals("file") ? "; change it there." : " table; override it with an entry of the"
                    + " same model instead.")));
        }
        validate(id, null);
        config.store().delete(ConfigEntry.PRICE, id, audit.entry(call, "price.delete", "price", id, null, null,
                describe(before), null));
        return new JsonObject().put("id", id).put("object", "price").put("deleted", true);
    }

    private static void requireRead(AdminCall call) {
        Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.AUDITOR, AdminRole.ORG_ADMIN);
    }

    /** Every entry of the table in force, by id: configuration entries, then the defaults they do not replace. */
    private List<Listed> table() {
        Map<String, ConfigEntry> stored = new HashMap<>();
        config.store().all().stream().filter(e -> ConfigEntry.PRICE.equals(e.kind())).forEach(e -> stored.put(e.name(), e));
        List<Listed> out = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (GatewayConfig.PriceEntry e : config.current().prices()) {
            ConfigEntry s = stored.get(e.id());
            out.add(new Listed(e, s != null ? "database" : "file", s));
            ids.add(e.id());
        }
        for (GatewayConfig.PriceEntry e : PriceTable.defaults()) {
            if (ids.add(e.id())) {
                out.add(new Listed(e, "default", null));
            }
        }
        out.sort(Comparator.comparing(Listed::id));
        return out;
    }

    private Listed find(String id) {
        return table().stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> new AdminFailure(AdminErrors.notFound("price", id)));
    }

    /**
     * The request body as a price entry in the file's shape, rates as decimal strings read from the JSON text. Only
     * the entry's own fields are accepted, each of the right type; the loader checks the rest.
     */
    private static ObjectNode normalised(AdminCall call) {
        JsonNode in;
        try {
            in = call.body().length() == 0 ? EXACT.createObjectNode() : EXACT.readTree(call.body().getBytes());
        } catch (java.io.IOException e) {
            throw new AdminFailure(AdminErrors.invalid("The request body must be a JSON object.", null));
        }
        if (!(in instanceof ObjectNode body)) {
            throw new AdminFailure(AdminErrors.invalid("The request body must be a JSON object.", null));
        }
        ObjectNode out = EXACT.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String field = f.getKey();
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            if (TEXT_FIELDS.contains(field)) {
                if (!v.isTextual() || v.asText().isBlank()) {
                    throw new AdminFailure(AdminErrors.invalid("'" + field + "' must be a non-empty string.", field));
                }
                out.put(field, v.asText());
            } else if (RATE_FIELDS.contains(field)) {
                out.set(field, TextNode.valueOf(decimal(field, v).toPlainString()));
            } else {
                throw new AdminFailure(AdminErrors.invalid("Unknown field '" + field + "' (a price has "
                        + String.join(", ", TEXT_FIELDS.stream().sorted().toList()) + ", "
                        + String.join(", ", RATE_FIELDS) + ").", field));
            }
        }
        if (!out.has("model") && !out.has("deployment")) {
            throw new AdminFailure(AdminErrors.invalid("'model' is required (or 'deployment').", "model"));
        }
        return out;
    }

    private static BigDecimal decimal(String field, JsonNode v) {
        try {
            if (v.isNumber()) {
                return v.decimalValue();
            }
            if (v.isTextual()) {
                return new BigDecimal(v.asText().trim());
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AdminFailure(AdminErrors.invalid("'" + field + "' must be a decimal number (or a string holding"
                + " one), in USD per 1M tokens (per_request: USD).", field));
    }

    /** Runs file + database with this change through the loader; a problem becomes a 400 naming the field. */
    private GatewayConfig validate(String id, String body) {
        try {
            return config.validateReplacing(ConfigEntry.PRICE, id, body);
        } catch (ConfigException e) {
            String first = e.problems().get(0);
            int colon = first.indexOf(": ");
            String field = colon > 0 ? first.substring(0, colon) : null;
            String prefix = "prices/" + id + ".";
            String param = field != null && field.startsWith(prefix) ? field.substring(prefix.length()) : null;
            throw new AdminFailure(AdminErrors.invalid("The configuration would not be valid: "
                    + String.join("; ", e.problems()), param));
        }
    }

    private JsonObject describe(Listed l) {
        GatewayConfig.PriceEntry e = l.entry();
        Price p = e.price();
        JsonObject out = new JsonObject().put("id", e.id()).put("object", "price")
                .put("model", e.model()).put("provider", e.provider()).put("deployment", e.deployment())
                .put("effective_from", AdminJson.iso(e.effectiveFrom()))
                .put("currency", "USD").put("unit", "per 1M tokens; per_request per call")
                .put("input", p.input().toPlainString()).put("cached_input", p.cachedInput().toPlainString())
                .put("cache_write", p.cacheWrite().toPlainString()).put("output", p.output().toPlainString())
                .put("reasoning", p.reasoning().toPlainString()).put("per_request", p.perRequest().toPlainString())
                .put("source", l.source());
        if (l.stored() != null) {
            out.put("created_at", AdminJson.iso(l.stored().createdAt())).put("updated_at", AdminJson.iso(l.stored().updatedAt()));
        }
        return out;
    }
}
