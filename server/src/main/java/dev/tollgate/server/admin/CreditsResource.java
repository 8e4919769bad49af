package dev.tollgate.server.admin;

import dev.tollgate.core.ledger.LedgerIds;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.Balance;
import dev.tollgate.spi.store.CreditEntry;
import dev.tollgate.spi.store.Storage;
import dev.tollgate.spi.store.User;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A user's prepaid balance under {@code /admin/v1/users/{id}}: {@code POST credits} puts money on it (a top-up) or
 * corrects it (an adjustment, possibly negative), {@code GET credits} lists the entries, {@code GET balance} shows
 * credits, charges and what is left. Platform admins, and organisation admins within their organisation, add
 * credit; whoever may see the user may read. Entries are append-only: a mistake is corrected by another entry.
 * A negative adjustment that would leave the credits below the user's booked charges is refused (409).
 */
final class CreditsResource implements AdminResource {

    private static final int MAX_REFERENCE = 200;

    private final Storage storage;
    private final AuditTrail audit;
    private final Clock clock;

    CreditsResource(Storage storage, AuditTrail audit, Clock clock) {
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.create("/users/{id}/credits", "platform admin, org admin in the user's org",
                        call -> call.jsonBody(in -> add(call, call.pathParam("id"), in)))
                .add(HttpMethod.GET, "/users/{id}/credits", AdminAccess.SCOPED, this::list)
                .add(HttpMethod.GET, "/users/{id}/balance", AdminAccess.SCOPED, call -> call.blocking(() -> {
                    User user = visibleUser(call, call.pathParam("id"));
                    return storage.credits().balance(user.id());
                }, balance -> call.reply(200, describe(balance))));
    }

    private User visibleUser(AdminCall call, String id) {
        User user = storage.tenancy().findUser(id).orElseThrow(() -> new AdminFailure(AdminErrors.notFound("user", id)));
        Scope.requireSee(call.caller(), user.orgId(), user.teamId(), user.id());
        return user;
    }

    private void add(AdminCall call, String userId, JsonObject in) {
        call.blocking(() -> {
            User user = visibleUser(call, userId);
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN, AdminRole.ORG_ADMIN);
            Scope.requireWrite(call.caller(), user.orgId(), user.teamId(), user.id());
            String kindText = AdminJson.string(in, "kind");
            CreditEntry.Kind kind;
            if (kindText == null || kindText.equals("topup")) {
                kind = CreditEntry.Kind.TOPUP;
            } else if (kindText.equals("adjustment")) {
                kind = CreditEntry.Kind.ADJUSTMENT;
            } else {
                throw new AdminFailure(AdminErrors.invalid("'kind' must be 'topup' or 'adjustment'.", "kind"));
            }
            Long amount = AdminMoney.nanoUsd(in, "amount");
            if (amount == null || amount == 0) {
                throw new AdminFailure(AdminErrors.invalid("'amount_usd' or 'amount_nano_usd' is required and not 0.",
                        "amount_usd"));
            }
            if (amount < 0 && kind == CreditEntry.Kind.TOPUP) {
                throw new AdminFailure(AdminErrors.invalid("A top-up must be positive; correct a balance with "
                        + "\"kind\": \"adjustment\".", "amount_usd"));
            }
            String reference = AdminJson.string(in, "reference");
            if (reference != null && reference.length() > MAX_REFERENCE) {
                throw new AdminFailure(AdminErrors.invalid("'reference' must be at most 200 characters.", "reference"));
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            CreditEntry entry = new CreditEntry(LedgerIds.creditEntry(now), user.id(), amount, kind, reference,
                    call.caller().keyId(), now);
            boolean added = storage.credits().add(entry, audit.entry(call, "credit.add", "user", user.id(),
                    user.orgId(), user.teamId(), null, describe(entry)), true);
            if (!added) {
                throw new AdminFailure(AdminErrors.conflict("This adjustment would make the balance negative: the "
                        + "credits would be less than what the user's calls were already charged."));
            }
            return describe(entry).put("balance", describe(storage.credits().balance(user.id())));
        }, body -> call.reply(201, body));
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> {
                    User user = visibleUser(call, call.pathParam("id"));
                    return storage.credits().page(user.id(), page.after(), page.fetchSize());
                },
                found -> call.reply(200, page.envelope(found, CreditsResource::describe, CreditEntry::id)));
    }

    static JsonObject describe(CreditEntry e) {
        return new JsonObject().put("id", e.id()).put("object", "credit_entry").put("user_id", e.userId())
                .put("kind", e.kind().wireName()).put("amount_nano_usd", e.amountNanoUsd())
                .put("amount_usd", e.amountNanoUsd() / 1e9).put("reference", e.reference()).put("actor", e.actor())
                .put("created_at", AdminJson.iso(e.createdAt()));
    }

    static JsonObject describe(Balance b) {
        return new JsonObject().put("object", "balance").put("user_id", b.userId())
                .put("credits_nano_usd", b.creditsNanoUsd()).put("charged_nano_usd", b.chargedNanoUsd())
                .put("balance_nano_usd", b.balanceNanoUsd()).put("balance_usd", b.balanceNanoUsd() / 1e9);
    }
}
