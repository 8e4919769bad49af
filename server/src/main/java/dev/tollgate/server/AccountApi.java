package dev.tollgate.server;

import dev.tollgate.core.auth.AuthFailureLimiter;
import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.auth.ClientAuthenticator;
import dev.tollgate.core.auth.KeyDirectory;
import dev.tollgate.core.auth.PresentedKey;
import dev.tollgate.core.ledger.LedgerIds;
import dev.tollgate.core.ledger.RedemptionCodes;
import dev.tollgate.core.pipeline.ErrorResponses;
import dev.tollgate.core.pipeline.GatewayError;
import dev.tollgate.core.pipeline.RequestIds;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.Balance;
import dev.tollgate.spi.store.DailyUsage;
import dev.tollgate.spi.store.Redemption;
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

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The customer's own account under {@code /account/v1}, authenticated by the customer's gateway key exactly like a
 * {@code /v1} call (same snapshot, same failure limiter): {@code GET balance}, {@code GET usage} (own events, newest
 * first, with a per-day summary), {@code GET credits} (own credit entries) and {@code POST redeem}. A key must belong to a user; the account is that user's.
 * Answers show what the customer is charged, never the upstream cost, provider or deployment (a reseller's margin
 * and sources are its own). JSON in OpenAI's error format; database work on worker threads.
 *
 * <p>Guessing codes is limited per user: after {@link #WRONG_CODES_PER_MINUTE} unknown codes within a minute the
 * user's redemptions are refused with 429 until the oldest leaves the window.
 */
final class AccountApi {

    private static final Logger log = LoggerFactory.getLogger(AccountApi.class);

    static final String BASE = "/account/v1/";
    static final int WRONG_CODES_PER_MINUTE = 10;
    private static final int MAX_BODY_BYTES = 4096;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;
    private static final int DEFAULT_DAYS = 30;
    private static final int MAX_DAYS = 366;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ClientAuthenticator auth;
    private final Storage storage;
    private final Clock clock;
    private final AuthFailureLimiter wrongCodes;

    AccountApi(ClientAuthenticator auth, Storage storage, Clock clock, AuthFailureLimiter wrongCodes) {
        this.auth = auth;
        this.storage = storage;
        this.clock = clock;
        this.wrongCodes = wrongCodes;
    }

    void handle(HttpServerRequest req) {
        String action = req.path().substring(BASE.length());
        HttpMethod expected = switch (action) {
            case "balance", "usage", "credits" -> HttpMethod.GET;
            case "redeem" -> HttpMethod.POST;
            default -> null;
        };
        if (expected == null) {
            ErrorResponses.send(req.response(), GatewayError.unknownUrl(req.method().name(), req.path()));
            return;
        }
        if (req.method() != expected) {
            ErrorResponses.send(req.response(), GatewayError.methodNotAllowed(req.method().name(), req.path()));
            return;
        }
        Caller caller = authenticate(req);
        if (caller == null) {
            return;
        }
        switch (action) {
            case "balance" -> blocking(req, () -> describe(caller, storage.credits().balance(caller.userId())),
                    body -> reply(req, 200, body));
            case "usage" -> usage(req, caller);
            case "credits" -> credits(req, caller);
            default -> readBody(req, body -> redeem(req, caller, body));
        }
    }

    private Caller authenticate(HttpServerRequest req) {
        KeyDirectory.Result result = auth.authenticate(PresentedKey.from(req.headers()), clientIp(req));
        if (!result.accepted()) {
            ErrorResponses.send(req.response(), GatewayError.refused(result));
            return null;
        }
        Caller caller = result.caller();
        if (caller.userId() == null) {
            ErrorResponses.send(req.response(), new GatewayError(403, "permission_error", "key_has_no_user", null,
                    "This key belongs to no user, so it has no account. Use a key issued to a user.", 0));
            return null;
        }
        return caller;
    }

    private static String clientIp(HttpServerRequest req) {
        return req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
    }

    private static JsonObject describe(Caller caller, Balance b) {
        return new JsonObject().put("object", "balance").put("user_id", b.userId())
                .put("billing", caller.prepaid() ? "prepaid" : "invoiced")
                .put("pricing_group", caller.pricingGroup())
                .put("credits_nano_usd", b.creditsNanoUsd())
                .put("charged_nano_usd", b.chargedNanoUsd())
                .put("balance_nano_usd", b.balanceNanoUsd())
                .put("balance_usd", b.balanceNanoUsd() / 1e9);
    }

    private void usage(HttpServerRequest req, Caller caller) {
        Integer limit = intParam(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Integer days = limit == null ? null : intParam(req, "days", DEFAULT_DAYS, 1, MAX_DAYS);
        if (days == null) {
            return;
        }
        Long beforeMillis = null;
        String beforeRequest = null;
        String before = req.getParam("before");
        if (before != null && !before.isEmpty()) {
            int colon = before.indexOf(':');
            try {
                beforeMillis = Long.parseLong(colon < 0 ? before : before.substring(0, colon));
                beforeRequest = colon < 0 ? null : before.substring(colon + 1);
            } catch (NumberFormatException e) {
                ErrorResponses.send(req.response(), GatewayError.invalidRequest(
                        "'before' must be the 'next_before' of a previous page.", "before"));
                return;
            }
        }
        Long fromMillis = beforeMillis;
        String fromRequest = beforeRequest;
        long since = (clock.millis() / DAY_MILLIS - (days - 1)) * DAY_MILLIS; // whole UTC days, today included
        blocking(req, () -> {
            List<UsageEvent> events = storage.usage().userEvents(caller.userId(), fromMillis, fromRequest, limit + 1);
            List<DailyUsage> daily = storage.usage().userDaily(caller.userId(), since);
            return usageAnswer(events, daily, limit);
        }, body -> reply(req, 200, body));
    }

    private static JsonObject usageAnswer(List<UsageEvent> events, List<DailyUsage> daily, int limit) {
        JsonArray data = new JsonArray();
        events.stream().limit(limit).forEach(e -> data.add(new JsonObject()
                .put("request_id", e.requestId())
                .put("started_at", e.startedAt().toString())
                .put("endpoint", e.endpoint() == null ? null : e.endpoint().openAiPath())
                .put("model", e.model())
                .put("stream", e.stream())
                .put("status", e.status())
                .put("error_type", e.errorType())
                .put("prompt_tokens", e.usage().promptTokens())
                .put("completion_tokens", e.usage().completionTokens())
                .put("cached_tokens", e.usage().cachedTokens())
                .put("tokens_estimated", e.usage().estimated())
                .put("charge_nano_usd", e.chargeNanoUsd())
                .put("charge_usd", e.chargeNanoUsd() / 1e9)));
        boolean more = events.size() > limit;
        UsageEvent last = more ? events.get(limit - 1) : null;
        JsonArray days = new JsonArray();
        for (DailyUsage d : daily) {
            days.add(new JsonObject().put("day", d.day().toString()).put("calls", d.calls())
                    .put("prompt_tokens", d.promptTokens()).put("completion_tokens", d.completionTokens())
                    .put("charged_nano_usd", d.chargedNanoUsd()).put("charged_usd", d.chargedNanoUsd() / 1e9));
        }
        return new JsonObject().put("object", "list").put("data", data).put("has_more", more)
                .put("next_before", last == null ? null : last.startedAt().toEpochMilli() + ":" + last.requestId())
                .put("daily", days);
    }

    /** The user's credit entries, oldest first, paged by {@code after} like the admin API's lists. */
    private void credits(HttpServerRequest req, Caller caller) {
        Integer limit = intParam(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (limit == null) {
            return;
        }
        String after = req.getParam("after");
        blocking(req, () -> storage.credits().page(caller.userId(), after == null || after.isEmpty() ? null : after,
                limit + 1), found -> {
                    JsonArray data = new JsonArray();
                    found.stream().limit(limit).forEach(e -> data.add(new JsonObject().put("id", e.id())
                            .put("object", "credit_entry").put("kind", e.kind().wireName())
                            .put("amount_nano_usd", e.amountNanoUsd()).put("amount_usd", e.amountNanoUsd() / 1e9)
                            .put("reference", e.reference()).put("created_at", e.createdAt().toString())));
                    boolean more = found.size() > limit;
                    reply(req, 200, new JsonObject().put("object", "list").put("data", data).put("has_more", more)
                            .put("next_after", more ? found.get(limit - 1).id() : null));
                });
    }

    /** The parameter clamped to [min, max], its default when absent, or null after answering 400. */
    private static Integer intParam(HttpServerRequest req, String name, int otherwise, int min, int max) {
        String raw = req.getParam(name);
        if (raw == null || raw.isEmpty()) {
            return otherwise;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(raw)));
        } catch (NumberFormatException e) {
            ErrorResponses.send(req.response(), GatewayError.invalidRequest("'" + name + "' must be a number.", name));
            return null;
        }
    }

    private void redeem(HttpServerRequest req, Caller caller, JsonObject in) {
        String limiterKey = "user:" + caller.userId();
        long retryAfter = wrongCodes.retryAfterSeconds(limiterKey);
        if (retryAfter > 0) {
            ErrorResponses.send(req.response(), GatewayError.rateLimited(
                    "Too many unknown redemption codes. Try again later.", retryAfter));
            return;
        }
        Object presented = in.getValue("code");
        if (!(presented instanceof String text) || text.isBlank()) {
            ErrorResponses.send(req.response(), GatewayError.invalidRequest("'code' is required.", "code"));
            return;
        }
        String code = RedemptionCodes.normalize(text);
        if (code == null) {
            wrongCodes.recordFailure(limiterKey);
            ErrorResponses.send(req.response(), refusal(Redemption.Outcome.UNKNOWN));
            return;
        }
        Instant now = clock.instant();
        String entryId = LedgerIds.creditEntry(now);
        AuditEntry audit = new AuditEntry(auditId(now), now, caller.keyId(), "customer", "credit.redeem", "user",
                caller.userId(), caller.orgId(), caller.teamId(), null, new JsonObject().put("credit_entry_id", entryId)
                .put("code_prefix", RedemptionCodes.displayPrefix(code)).encode(), RequestIds.next(), clientIp(req));
        blocking(req, () -> {
            Redemption r = storage.credits().redeem(RedemptionCodes.hash(code), caller.userId(), caller.keyId(),
                    entryId, now, audit);
            return new Redeemed(r, r.outcome() == Redemption.Outcome.REDEEMED
                    ? storage.credits().balance(caller.userId()) : null);
        }, done -> {
            Redemption r = done.redemption();
            if (r.outcome() == Redemption.Outcome.REDEEMED) {
                reply(req, 200, new JsonObject().put("object", "redemption").put("id", r.credit().id())
                        .put("amount_nano_usd", r.credit().amountNanoUsd())
                        .put("amount_usd", r.credit().amountNanoUsd() / 1e9)
                        .put("balance", describe(caller, done.balance())));
                return;
            }
            if (r.outcome() == Redemption.Outcome.UNKNOWN) {
                wrongCodes.recordFailure(limiterKey); // only guesses count: a used or expired code is genuine
            }
            ErrorResponses.send(req.response(), refusal(r.outcome()));
        });
    }

    /** Like the admin API's audit ids: epoch millis then random, so they sort by time. */
    private static String auditId(Instant now) {
        return "aud_%015d_%016x".formatted(now.toEpochMilli(), RANDOM.nextLong());
    }

    /** A redemption's outcome and, when it credited, the balance after it. */
    private record Redeemed(Redemption redemption, Balance balance) {
    }

    static GatewayError refusal(Redemption.Outcome why) {
        return switch (why) {
            case ALREADY_REDEEMED -> new GatewayError(409, "invalid_request_error", "redemption_code_used", "code",
                    "This redemption code has already been redeemed.", 0);
            case EXPIRED -> new GatewayError(410, "invalid_request_error", "redemption_code_expired", "code",
                    "This redemption code has expired.", 0);
            case REVOKED -> new GatewayError(410, "invalid_request_error", "redemption_code_revoked", "code",
                    "This redemption code has been withdrawn by the operator.", 0);
            default -> new GatewayError(400, "invalid_request_error", "redemption_code_unknown", "code",
                    "No such redemption code.", 0);
        };
    }

    /** Reads a small JSON object body, answering 413 or 400 itself when it is too large or not an object. */
    private static void readBody(HttpServerRequest req, Consumer<JsonObject> then) {
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        req.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                refused[0] = true;
                req.response().putHeader("connection", "close");
                ErrorResponses.send(req.response(), GatewayError.bodyTooLarge(MAX_BODY_BYTES));
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (refused[0]) {
                return;
            }
            JsonObject in;
            try {
                in = body.length() == 0 ? new JsonObject() : body.toJsonObject();
            } catch (DecodeException | ClassCastException e) {
                ErrorResponses.send(req.response(), GatewayError.invalidRequest("The request body must be a JSON object.",
                        null));
                return;
            }
            then.accept(in);
        });
    }

    private static <T> void blocking(HttpServerRequest req, Callable<T> work, Consumer<T> then) {
        Vertx.currentContext().owner().executeBlocking(work, false).onComplete(r -> {
            if (r.succeeded()) {
                then.accept(r.result());
            } else {
                log.error("account call {} {} failed", req.method(), req.path(), r.cause());
                ErrorResponses.send(req.response(), GatewayError.internal());
            }
        });
    }

    private static void reply(HttpServerRequest req, int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("x-request-id", RequestIds.next())
                .putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(body.toBuffer());
    }
}
