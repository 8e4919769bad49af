package dev.tollgate.core.ledger;

import dev.tollgate.core.auth.Caller;
import dev.tollgate.spi.store.Budget;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable snapshot of what the ledger enforces: budgets by scope, and prepaid users with their credit
 * totals. A caller none of it applies to is recognised with four map lookups and no allocation.
 */
public final class LedgerDefinitions {

    public static final LedgerDefinitions EMPTY = new LedgerDefinitions(List.of(), Map.of());

    /** Budgets by scope id, one map per scope kind (HashMaps: a null id simply finds nothing). */
    private final Map<String, List<Budget>> byKey = new HashMap<>();
    private final Map<String, List<Budget>> byUser = new HashMap<>();
    private final Map<String, List<Budget>> byTeam = new HashMap<>();
    private final Map<String, List<Budget>> byOrg = new HashMap<>();
    private final Map<String, Budget> byId = new HashMap<>();
    private final Map<String, ZoneId> zones = new HashMap<>();
    private final Map<String, Long> prepaidCredits;

    public LedgerDefinitions(List<Budget> budgets, Map<String, Long> prepaidCredits) {
        for (Budget b : budgets) {
            Map<String, List<Budget>> scope = switch (b.scopeKind()) {
                case "key" -> byKey;
                case "user" -> byUser;
                case "team" -> byTeam;
                case "org" -> byOrg;
                default -> null;
            };
            if (scope == null) {
                continue;
            }
            scope.computeIfAbsent(b.scopeId(), k -> new ArrayList<>(1)).add(b);
            byId.put(b.id(), b);
            zones.put(b.id(), zone(b.timeZone()));
        }
        this.prepaidCredits = new HashMap<>(prepaidCredits);
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name == null ? "UTC" : name);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC"); // the admin API refuses unknown zones; a row edited by hand falls back
        }
    }

    /** True when some budget or a prepaid balance applies to the caller. Allocation-free. */
    public boolean covers(Caller caller) {
        return caller != null && (byKey.get(caller.keyId()) != null || byUser.get(caller.userId()) != null
                || byTeam.get(caller.teamId()) != null || byOrg.get(caller.orgId()) != null
                || prepaidCredits.get(caller.userId()) != null);
    }

    /** The caller's accounts for a call made at {@code now}: key, user, team and org budgets, then the balance. */
    public List<Account> accounts(Caller caller, Instant now) {
        List<Account> out = new ArrayList<>(4);
        String shard = caller.orgId() == null ? "-" : caller.orgId();
        add(out, shard, byKey.get(caller.keyId()), now);
        add(out, shard, byUser.get(caller.userId()), now);
        add(out, shard, byTeam.get(caller.teamId()), now);
        add(out, shard, byOrg.get(caller.orgId()), now);
        Long credits = prepaidCredits.get(caller.userId());
        if (credits != null) {
            out.add(balance(shard, caller.userId(), credits));
        }
        return out;
    }

    private void add(List<Account> out, String shard, List<Budget> budgets, Instant now) {
        if (budgets == null) {
            return;
        }
        for (Budget b : budgets) {
            out.add(account(shard, b, now));
        }
    }

    /** A budget's account in the period containing {@code now}. */
    public Account account(String shard, Budget b, Instant now) {
        ZoneId zone = zones.get(b.id());
        Period.Window window = Period.of(b.period()).window(now, zone != null ? zone : zone(b.timeZone()));
        long[] thresholds = b.alertThresholds().stream().sorted()
                .mapToLong(pct -> Thresholds.amount(b.amountNanoUsd(), pct)).toArray();
        return new Account(shard, "budget:" + b.id() + ':' + window.label(), b.amountNanoUsd(), b.hard(), false, b,
                b.scopeKind(), b.scopeId(), window, thresholds);
    }

    /** A prepaid user's balance: credits against everything the user was ever charged. */
    public static Account balance(String shard, String userId, long credits) {
        return new Account(shard, "balance:" + userId, credits, true, true, null, "user", userId,
                Period.TOTAL.window(Instant.EPOCH, ZoneId.of("UTC")), new long[0]);
    }

    public Budget budget(String id) {
        return byId.get(id);
    }

    public Map<String, Long> prepaidCredits() {
        return Collections.unmodifiableMap(prepaidCredits);
    }

    public int budgetCount() {
        return byId.size();
    }
}
