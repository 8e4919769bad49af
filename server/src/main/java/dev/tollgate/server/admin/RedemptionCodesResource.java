package dev.tollgate.server.admin;

import dev.tollgate.core.ledger.LedgerIds;
import dev.tollgate.core.ledger.RedemptionCodes;
import dev.tollgate.spi.store.AdminRole;
import dev.tollgate.spi.store.RedemptionBatch;
import dev.tollgate.spi.store.RedemptionCode;
import dev.tollgate.spi.store.Storage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Redemption codes under {@code /admin/v1/redemption-codes}, platform admins only (a code tops up whoever redeems
 * it, in any organisation). {@code POST} makes a batch and shows its codes in that answer only: the database keeps
 * each code's SHA-256 and a display prefix. A batch can be listed, inspected (which codes were redeemed, by whom)
 * and revoked (its unredeemed codes stop working).
 *
 * <p>Creates are plain POSTs, not idempotent ones: a replayed answer could not show the codes again, and a batch of
 * unknown codes is worth nothing; a client that lost the answer revokes the batch and makes another.
 */
final class RedemptionCodesResource implements AdminResource {

    static final int MAX_BATCH = 1000;

    private final Storage storage;
    private final AuditTrail audit;
    private final Clock clock;

    RedemptionCodesResource(Storage storage, AuditTrail audit, Clock clock) {
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(AdminRoutes routes) {
        routes.add(HttpMethod.POST, "/redemption-codes", "platform admin", call -> call.jsonBody(in -> create(call, in)))
                .add(HttpMethod.GET, "/redemption-codes", "platform admin", this::list)
                .add(HttpMethod.GET, "/redemption-codes/{batch_id}", "platform admin",
                        call -> show(call, call.pathParam("batch_id")))
                .add(HttpMethod.POST, "/redemption-codes/{batch_id}/revoke", "platform admin",
                        call -> revoke(call, call.pathParam("batch_id")));
    }

    private void create(AdminCall call, JsonObject in) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            Object countValue = in.getValue("count");
            if (!(countValue instanceof Integer count) || count < 1 || count > MAX_BATCH) {
                throw new AdminFailure(AdminErrors.invalid("'count' must be a whole number from 1 to " + MAX_BATCH + ".",
                        "count"));
            }
            Long amount = AdminMoney.nanoUsd(in, "amount");
            if (amount == null || amount <= 0) {
                throw new AdminFailure(AdminErrors.invalid("'amount_usd' or 'amount_nano_usd' is required and positive.",
                        "amount_usd"));
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Instant expiresAt = AdminJson.instant(in, "expires_at");
            if (expiresAt != null && !expiresAt.isAfter(now)) {
                throw new AdminFailure(AdminErrors.invalid("'expires_at' must be in the future.", "expires_at"));
            }
            String batchId = LedgerIds.redemptionBatch(now);
            List<String> plain = new ArrayList<>(count);
            List<RedemptionCode> stored = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String code = RedemptionCodes.generate();
                plain.add(code);
                stored.add(new RedemptionCode(LedgerIds.redemptionCode(now), batchId, RedemptionCodes.hash(code),
                        RedemptionCodes.displayPrefix(code), amount, now, expiresAt, null, null, null));
            }
            RedemptionBatch batch = new RedemptionBatch(batchId, amount, count, 0, 0, now, expiresAt);
            storage.credits().createCodes(stored, audit.entry(call, "redemption_codes.create", "redemption_batch",
                    batchId, null, null, null, describe(batch)));
            return describe(batch).put("codes", new JsonArray(plain));
        }, body -> call.reply(201, body));
    }

    private void list(AdminCall call) {
        PageRequest page = PageRequest.from(call);
        if (page == null) {
            return;
        }
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            return storage.credits().pageBatches(page.after(), page.fetchSize());
        }, found -> call.reply(200, page.envelope(found, RedemptionCodesResource::describe, RedemptionBatch::batchId)));
    }

    private RedemptionBatch find(String batchId) {
        return storage.credits().findBatch(batchId)
                .orElseThrow(() -> new AdminFailure(AdminErrors.notFound("redemption batch", batchId)));
    }

    private void show(AdminCall call, String batchId) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            JsonArray codes = new JsonArray();
            for (RedemptionCode c : storage.credits().codes(batchId)) {
                codes.add(new JsonObject().put("id", c.id()).put("prefix", c.prefix())
                        .put("redeemed_at", AdminJson.iso(c.redeemedAt())).put("redeemed_by", c.redeemedBy())
                        .put("revoked_at", AdminJson.iso(c.revokedAt())));
            }
            return describe(find(batchId)).put("codes", codes);
        }, body -> call.reply(200, body));
    }

    private void revoke(AdminCall call, String batchId) {
        call.blocking(() -> {
            Scope.requireRole(call.caller(), AdminRole.PLATFORM_ADMIN);
            RedemptionBatch before = find(batchId);
            int revoked = storage.credits().revokeUnredeemed(batchId, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                    audit.entry(call, "redemption_codes.revoke", "redemption_batch", batchId, null, null,
                            describe(before), null));
            return describe(find(batchId)).put("revoked_now", revoked);
        }, body -> call.reply(200, body));
    }

    static JsonObject describe(RedemptionBatch b) {
        return new JsonObject().put("id", b.batchId()).put("object", "redemption_batch")
                .put("amount_nano_usd", b.amountNanoUsd()).put("amount_usd", b.amountNanoUsd() / 1e9)
                .put("count", b.count()).put("redeemed", b.redeemed()).put("revoked", b.revoked())
                .put("unredeemed", b.count() - b.redeemed() - b.revoked())
                .put("created_at", AdminJson.iso(b.createdAt())).put("expires_at", AdminJson.iso(b.expiresAt()));
    }
}
