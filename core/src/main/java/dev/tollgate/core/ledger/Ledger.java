package dev.tollgate.core.ledger;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.core.config.GatewayConfig;
import dev.tollgate.core.pipeline.GatewayError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reserve → settle → refund. Before the upstream call, {@link #reserve} puts the call's worst-case charge on
 * every account that applies (its key's, user's, team's and organisation's budgets in their current periods,
 * and a prepaid user's balance), all or none, in one atomic state operation; a hard budget or a balance that
 * cannot take it refuses the call. Afterwards {@link #settle} releases the reservation and adds the actual
 * charge (zero for a call that failed: a full refund).
 *
 * <p>A counter the state does not have (first use of a period, or Redis restarted) is rebuilt from the booked
 * usage in the database on a worker thread, then the reservation is tried again. When the state cannot be
 * reached, {@code ledger.on_state_unavailable} decides: let the call through unreserved, or refuse it (503).
 *
 * <p>Never blocks. The futures it returns complete on the caller's Vert.x context (the call's event loop).
 */
public final class Ledger {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final Future<Reservation> NOTHING = Future.succeededFuture(Reservation.NONE);
    /** Hydrating and retrying more often than this means counters keep vanishing: treat the state as unavailable. */
    private static final int MAX_HYDRATIONS = 3;
    /** Settling is not on the client's path (the answer is out), so it may wait longer than a reservation. */
    private static final long SETTLE_TIMEOUT_MS = 10_000;

    private final Supplier<LedgerDefinitions> definitions;
    private final LedgerState state;
    private final Hydration hydration;
    private final AlertSink alerts;
    private final LedgerMetrics metrics;
    private final Clock clock;
    /** Hydrations in flight on this node, by counter: concurrent calls wait for the same one. */
    private final ConcurrentMap<String, Future<Void>> hydrating = new ConcurrentHashMap<>();

    public Ledger(Supplier<LedgerDefinitions> definitions, LedgerState state, Hydration hydration, AlertSink alerts,
                  LedgerMetrics metrics, Clock clock) {
        this.definitions = definitions;
        this.state = state;
        this.hydration = hydration;
        this.alerts = alerts;
        this.metrics = metrics;
        this.clock = clock;
    }

    public LedgerState state() {
        return state;
    }

    /** True when some budget or a prepaid balance applies to the caller; allocation-free. */
    public boolean applies(Caller caller) {
        return definitions.get().covers(caller);
    }

    /**
     * Reserves {@code amount} (nano-USD, already the caller's charge) for a call. Callers nothing applies to get
     * {@link Reservation#NONE} at once, without allocating or touching the state.
     */
    public Future<Reservation> reserve(Caller caller, long amount, GatewayConfig.Ledger settings) {
        LedgerDefinitions defs = definitions.get();
        if (!defs.covers(caller)) {
            return NOTHING;
        }
        List<Account> accounts = defs.accounts(caller, clock.instant());
        Future<Reservation> outcome = attempt(accounts, amount, settings, 0)
                .recover(err -> {
                    metrics.unavailable(settings.failOpen());
                    log.warn("ledger state ({}) unavailable for a reservation, {}: {}", state.describe(),
                            settings.failOpen() ? "letting the call through unreserved (fail_open)"
                                    : "refusing the call (fail_closed)", err.toString());
                    return Future.succeededFuture(settings.failOpen() ? Reservation.NONE
                            : new Reservation(accounts, amount, stateUnavailable()));
                });
        return onCallersContext(outcome);
    }

    private Future<Reservation> attempt(List<Account> accounts, long amount, GatewayConfig.Ledger settings, int round) {
        Future<LedgerState.ReserveOutcome> call = state.reserve(accounts, amount);
        Future<LedgerState.ReserveOutcome> bounded = call.timeout(settings.stateTimeoutMs(), TimeUnit.MILLISECONDS);
        // a reservation the state granted after we stopped waiting would be held until its period ends: give it back
        bounded.onFailure(timedOut -> call.onSuccess(late -> {
            if (late.granted()) {
                state.settle(accounts, amount, 0);
            }
        }));
        return bounded.compose(outcome -> {
                    if (outcome.granted()) {
                        return Future.succeededFuture(new Reservation(accounts, amount, null));
                    }
                    if (outcome.refused() >= 0) {
                        Account refusing = accounts.get(outcome.refused());
                        metrics.refused(refusing.balance());
                        return Future.succeededFuture(new Reservation(accounts, amount, refusal(refusing)));
                    }
                    if (round >= MAX_HYDRATIONS) {
                        return Future.failedFuture("counters still missing after " + round + " hydrations");
                    }
                    return hydrate(accounts, outcome.missing(), settings)
                            .compose(v -> attempt(accounts, amount, settings, round + 1));
                });
    }

    /**
     * Rebuilds each missing counter from the database (worker threads), then sets it unless another node did. Calls
     * that find the same counter missing at once share one hydration, so a new period costs one query per node.
     */
    private Future<Void> hydrate(List<Account> accounts, int[] missing, GatewayConfig.Ledger settings) {
        List<Future<Void>> all = new ArrayList<>(missing.length);
        for (int index : missing) {
            Account a = accounts.get(index);
            String id = a.shard() + ':' + a.counter();
            Future<Void> shared = hydrating.get(id);
            if (shared == null) {
                Promise<Void> mine = Promise.promise();
                shared = hydrating.putIfAbsent(id, mine.future());
                if (shared == null) {
                    shared = mine.future();
                    hydration.chargedSince(a.scopeKind(), a.scopeId(), a.window().start())
                            .compose(spent -> {
                                metrics.hydrated();
                                return state.hydrate(a, spent).timeout(settings.stateTimeoutMs(), TimeUnit.MILLISECONDS);
                            })
                            .onComplete(r -> {
                                hydrating.remove(id);
                                mine.handle(r);
                            });
                }
            }
            all.add(shared);
        }
        return Future.all(all).mapEmpty();
    }

    /**
     * Ends a reservation with the call's actual charge (0 refunds it all): releases what was reserved and adds the
     * charge, clamped to what a prepaid balance still holds. Returns the charge collected (the actual one, unless a
     * balance ran out). Never fails: a state that cannot be reached is logged and the actual charge returned (the
     * reservation then lingers until its period's counter expires).
     */
    public Future<Long> settle(Reservation reservation, long actual, String requestId) {
        if (!reservation.holdsAny()) {
            return Future.succeededFuture(actual);
        }
        Future<Long> outcome = state.settle(reservation.accounts(), reservation.amount(), actual)
                .timeout(SETTLE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .map(settled -> {
                    if (settled.collected() < actual) {
                        long lost = actual - settled.collected();
                        metrics.uncollected(lost);
                        log.warn("request {} cost {} nano-USD more than the prepaid balance held; {} nano-USD "
                                + "uncollected (the balance stays at zero)", requestId, lost, lost);
                    }
                    announce(reservation.accounts(), settled);
                    return settled.collected();
                })
                .recover(err -> {
                    metrics.settleFailed();
                    log.warn("ledger state ({}) could not settle request {}: {}", state.describe(), requestId,
                            err.toString());
                    return Future.succeededFuture(actual);
                });
        return onCallersContext(outcome);
    }

    private void announce(List<Account> accounts, LedgerState.SettleOutcome settled) {
        Instant now = clock.instant();
        for (int i = 0; i < accounts.size(); i++) {
            Account a = accounts.get(i);
            if (a.budget() == null || settled.alertTo()[i] <= settled.alertFrom()[i]) {
                continue;
            }
            List<Integer> percents = a.budget().alertThresholds().stream().sorted().toList();
            for (int t = settled.alertFrom()[i]; t < settled.alertTo()[i] && t < percents.size(); t++) {
                metrics.alerted();
                alerts.send(new BudgetAlert(a.budget(), percents.get(t), settled.spentAfter()[i], a.window(), now));
            }
        }
    }

    static GatewayError refusal(Account a) {
        if (a.balance()) {
            return new GatewayError(402, "insufficient_quota", "insufficient_balance", null,
                    "Your prepaid balance is too low for this request. Top up your balance, or lower max_tokens.", 0);
        }
        return new GatewayError(429, "insufficient_quota", "budget_exceeded", null,
                "This request would exceed the " + a.budget().period() + " budget of " + a.scopeKind() + " '"
                        + a.scopeId() + "' (" + usd(a.limit()) + ")."
                        + (a.window().end() != null ? " It resets at " + a.window().end() + "." : ""), 0);
    }

    private static GatewayError stateUnavailable() {
        return new GatewayError(503, "server_error", "budget_state_unavailable", null,
                "Budgets cannot be checked right now; try again shortly.", 1);
    }

    private static String usd(long nanos) {
        return "$" + java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    /** The same outcome, delivered on the Vert.x context that asked (a state may answer on another thread). */
    private static <T> Future<T> onCallersContext(Future<T> f) {
        Context ctx = Vertx.currentContext();
        if (ctx == null || f.isComplete()) {
            return f;
        }
        Promise<T> p = Promise.promise();
        f.onComplete(r -> {
            if (Vertx.currentContext() == ctx) {
                p.handle(r);
            } else {
                ctx.runOnContext(v -> p.handle(r));
            }
        });
        return p.future();
    }
}
