package dev.tollgate.server.admin;

import dev.tollgate.core.ledger.Account;
import dev.tollgate.core.ledger.Ledger;
import dev.tollgate.core.ledger.LedgerDefinitions;
import dev.tollgate.core.ledger.LedgerDirectory;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.Budget;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Budgets under {@code /admin/v1/budgets}: a spending cap on a key, user, team or organisation. A budget belongs
 * where its scope belongs, and the usual scope rules apply (org admins within their organisation, team admins
 * within their team, auditors and members read what they can see). Each change is audited, bumps the ledger's
 * change counter (every node reloads) and refreshes this node's copy at once. {@code /budgets/{id}/status}
 * reads the live counter: period, spent, reserved, remaining.
 */
final class BudgetsResource implements AdminResource {

    private static final String WRITERS = "platform, org, team admin (within scope)";

    /** Where a budget's scope sits in the tenancy tree: what decides who may see and change it. */
    private record Owner(String orgId, String teamId, String userId) {
    }

    private final Storage storage;
    private final AuditTrail audit;
    private final Clock clock;
    private final LedgerDirectory definitions;
    private final Ledger ledger;

    BudgetsResource(Storage storage, AuditTrail audit, Clock clock, LedgerDirectory definitions, Ledger ledger) {
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
        this.definitions = definitions;
        this.ledger = ledger;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.create("/budgets", WRITERS, call -> call.jsonBody(in -> create(call, in)))
                .add(HttpMethod.GET, "/budgets", AdminAccess.SCOPED, this::list)
                .add(HttpMethod.GET, "/budgets/{id}", AdminAccess.SCOPED, call -> show(call, call.pathParam("id")))
                .add(HttpMethod.PATCH, "/budgets/{id}", WRITERS,
                        call -> call.jsonBody(in -> update(call, call.pathParam("id"), in)))
                .add(HttpMethod.DELETE, "/budgets/{id}", WRITERS, call -> delete(call, call.pathParam("id")))
                .add(HttpMethod.GET, "/budgets/{id}/status", AdminAccess.SCOPED,
                        call -> status(call, call.pathParam("id")));
    }

    private void create(AdminCall call, JsonObject in) {
        call.blocking(() -> {
            String kind = AdminJson.requiredString(in, "scope_kind");
            if (!Budget.SCOPE_KINDS.contains(kind)) {
                throw invalid("'scope_kind' must be one of " + Budget.SCOPE_KINDS + ".", "scope_kind");
            }
            String scopeId = AdminJson.requiredString(in, "scope_id");
            Owner owner = owner(kind, scopeId);
            if (owner == null) {
                throw invalid("No " + kind + " with id '" + scopeId + "'.", "scope_id");
            }
            requireWrite(call, owner);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Long amount = amount(in);
            if (amount == null) {
                throw invalid("'amount_nano_usd' is required.", "amount_nano_usd");
            }
            Budget budget = new Budget(Ids.next("bud"), kind, scopeId, amount, period(in, "monthly"),
                    timeZone(in, "UTC"), enforcement(in, true), thresholds(in, List.of()),
                    webhookUrl(in, null), now, now);
            storage.ledger().createBudget(budget, audit.entry(call, "budget.create", "budget", budget.id(),
                    owner.orgId(), owner.teamId(), null, describe(budget)));
            definitions.refresh();
            return budget;
        }, budget -> call.reply(201, describe(budget)));
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        String kind = call.param("scope_kind");
        String scopeId = call.param("scope_id");
        call.blocking(() -> {
            List<Budget> visible = new ArrayList<>();
            for (Budget b : storage.ledger().loadBudgets()) {
                if ((kind != null && !kind.equals(b.scopeKind())) || (scopeId != null && !scopeId.equals(b.scopeId()))
                        || (page.after() != null && b.id().compareTo(page.after()) <= 0)) {
                    continue;
                }
                Owner owner = owner(b.scopeKind(), b.scopeId());
                if (owner != null && Scope.canSee(call.caller(), owner.orgId(), owner.teamId(), owner.userId())
                        || owner == null && call.caller().role() == AdminRole.PLATFORM_ADMIN) {
                    visible.add(b);
                }
                if (visible.size() >= page.fetchSize()) {
                    break;
                }
            }
            visible.sort(Comparator.comparing(Budget::id));
            return visible;
        }, found -> call.reply(200, page.envelope(found, BudgetsResource::describe, Budget::id)));
    }

    private record Found(Budget budget, Owner owner) {
    }

    private Found find(AdminCall call, String id) {
        Budget budget = storage.ledger().findBudget(id)
                .orElseThrow(() -> new AdminFailure(AdminErrors.notFound("budget", id)));
        Owner owner = owner(budget.scopeKind(), budget.scopeId());
        if (owner == null) {
            // its scope was deleted; only a platform admin sees such a budget
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            owner = new Owner(null, null, null);
        } else {
            Scope.requireSee(call.caller(), owner.orgId(), owner.teamId(), owner.userId());
        }
        return new Found(budget, owner);
    }

    private void show(AdminCall call, String id) {
        call.blocking(() -> find(call, id).budget(), budget -> call.reply(200, describe(budget)));
    }

    private void update(AdminCall call, String id, JsonObject in) {
        call.blocking(() -> {
            Found found = find(call, id);
            requireWrite(call, found.owner());
            Budget b = found.budget();
            Long amount = amount(in);
            Budget after = new Budget(b.id(), b.scopeKind(), b.scopeId(), amount != null ? amount : b.amountNanoUsd(),
                    period(in, b.period()), timeZone(in, b.timeZone()), enforcement(in, b.hard()),
                    thresholds(in, b.alertThresholds()), webhookUrl(in, b.webhookUrl()), b.createdAt(),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS));
            storage.ledger().updateBudget(after, audit.entry(call, "budget.update", "budget", id,
                    found.owner().orgId(), found.owner().teamId(), describe(b), describe(after)));
            definitions.refresh();
            return after;
        }, budget -> call.reply(200, describe(budget)));
    }

    private void delete(AdminCall call, String id) {
        call.blocking(() -> {
            Found found = find(call, id);
            requireWrite(call, found.owner());
            storage.ledger().deleteBudget(id, audit.entry(call, "budget.delete", "budget", id, found.owner().orgId(),
                    found.owner().teamId(), describe(found.budget()), null));
            definitions.refresh();
            return found.budget();
        }, b -> call.reply(200, new JsonObject().put("id", b.id()).put("object", "budget").put("deleted", true)));
    }

    /** The budget's counter in the current period; when the state has none yet, what the database says was spent. */
    private void status(AdminCall call, String id) {
        call.blocking(() -> find(call, id), found -> {
            Budget b = found.budget();
            Instant now = clock.instant();
            String shard = shardOf(b, found.owner());
            Account account = LedgerDefinitions.EMPTY.account(shard, b, now);
            ledger.state().read(account).onComplete(r -> {
                if (r.failed()) {
                    call.fail(dev.tollgate.core.pipeline.GatewayError.unavailable(
                            "The ledger state cannot be read right now.", 1));
                    return;
                }
                if (r.result().present()) {
                    call.reply(200, status(b, account, r.result().spent(), r.result().reserved(), "live"));
                    return;
                }
                call.blocking(() -> storage.usage().chargedSince(b.scopeKind(), b.scopeId(), account.window().start()),
                        spent -> call.reply(200, status(b, account, spent, 0, "database")));
            });
        });
    }

    /** The organisation every counter of the budget's calls is kept under (the state's shard). */
    private static String shardOf(Budget b, Owner owner) {
        return owner.orgId() != null ? owner.orgId() : "-";
    }

    private static JsonObject status(Budget b, Account account, long spent, long reserved, String source) {
        return new JsonObject().put("object", "budget.status").put("budget_id", b.id())
                .put("period", b.period()).put("time_zone", b.timeZone())
                .put("period_start", account.window().end() == null ? null : account.window().start().toString())
                .put("period_end", account.window().end() == null ? null : account.window().end().toString())
                .put("amount_nano_usd", b.amountNanoUsd()).put("spent_nano_usd", spent)
                .put("reserved_nano_usd", reserved)
                .put("remaining_nano_usd", Math.max(0, b.amountNanoUsd() - spent - reserved))
                .put("source", source);
    }

    private void requireWrite(AdminCall call, Owner owner) {
        Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN, AdminRole.TEAM_ADMIN);
        Scope.requireWrite(call.caller(), owner.orgId(), owner.teamId(), owner.userId());
    }

    /** Null when the scope does not exist. A service key (no user) or a team belongs to no user. */
    private Owner owner(String kind, String id) {
        return switch (kind) {
            case "key" -> storage.keys().find(id).map(k -> new Owner(k.orgId(), k.teamId(), k.userId())).orElse(null);
            case "user" -> storage.tenancy().findUser(id).map(u -> new Owner(u.orgId(), u.teamId(), u.id())).orElse(null);
            case "team" -> storage.tenancy().findTeam(id).map(t -> new Owner(t.orgId(), t.id(), null)).orElse(null);
            case "org" -> storage.tenancy().findOrg(id).map(o -> new Owner(o.id(), null, null)).orElse(null);
            default -> null;
        };
    }

    private static Long amount(JsonObject in) {
        Object v = in.getValue("amount_nano_usd");
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw invalid("'amount_nano_usd' must be a non-negative integer (nano-USD: 1 USD = 1000000000).",
                    "amount_nano_usd");
        }
        return ((Number) v).longValue();
    }

    private static String period(JsonObject in, String otherwise) {
        String p = AdminJson.string(in, "period");
        if (p == null) {
            return otherwise;
        }
        if (!Budget.PERIODS.contains(p)) {
            throw invalid("'period' must be one of " + Budget.PERIODS + ".", "period");
        }
        return p;
    }

    private static String timeZone(JsonObject in, String otherwise) {
        String z = AdminJson.string(in, "time_zone");
        if (z == null) {
            return otherwise;
        }
        try {
            return ZoneId.of(z).getId();
        } catch (DateTimeException e) {
            throw invalid("'time_zone' must be an IANA time zone such as 'UTC' or 'Europe/Paris'.", "time_zone");
        }
    }

    private static boolean enforcement(JsonObject in, boolean otherwise) {
        String e = AdminJson.string(in, "enforcement");
        if (e == null) {
            return otherwise;
        }
        if (!e.equals("hard") && !e.equals("soft")) {
            throw invalid("'enforcement' must be 'hard' (refuse calls) or 'soft' (alert only).", "enforcement");
        }
        return e.equals("hard");
    }

    private static List<Integer> thresholds(JsonObject in, List<Integer> otherwise) {
        Object v = in.getValue("alert_thresholds");
        if (v == null) {
            return otherwise;
        }
        String problem = "'alert_thresholds' must be a list of percentages (integers from 1 to 1000).";
        if (!(v instanceof JsonArray array)) {
            throw invalid(problem, "alert_thresholds");
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof Integer pct) || pct < 1 || pct > 1000) {
                throw invalid(problem, "alert_thresholds");
            }
            if (!out.contains(pct)) {
                out.add(pct);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static String webhookUrl(JsonObject in, String otherwise) {
        if (!in.containsKey("webhook_url")) {
            return otherwise;
        }
        String url = AdminJson.string(in, "webhook_url");
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            throw invalid("'webhook_url' must be an http:// or https:// URL.", "webhook_url");
        }
        return url;
    }

    private static AdminFailure invalid(String message, String param) {
        return new AdminFailure(AdminErrors.invalid(message, param));
    }

    static JsonObject describe(Budget b) {
        return new JsonObject().put("id", b.id()).put("object", "budget").put("scope_kind", b.scopeKind())
                .put("scope_id", b.scopeId()).put("amount_nano_usd", b.amountNanoUsd()).put("period", b.period())
                .put("time_zone", b.timeZone()).put("enforcement", b.hard() ? "hard" : "soft")
                .put("alert_thresholds", new JsonArray(new ArrayList<>(b.alertThresholds())))
                .put("webhook_url", b.webhookUrl())
                .put("created_at", AdminJson.iso(b.createdAt())).put("updated_at", AdminJson.iso(b.updatedAt()));
    }
}
