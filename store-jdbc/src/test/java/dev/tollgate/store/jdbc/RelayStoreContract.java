package dev.tollgate.store.jdbc;

import dev.tollgate.spi.Endpoint;
import dev.tollgate.spi.TokenUsage;
import dev.tollgate.spi.UsageEvent;
import dev.tollgate.spi.store.AuditEntry;
import dev.tollgate.spi.store.AuditQuery;
import dev.tollgate.spi.store.Balance;
import dev.tollgate.spi.store.Billing;
import dev.tollgate.spi.store.CreditEntry;
import dev.tollgate.spi.store.DailyUsage;
import dev.tollgate.spi.store.GatewayKey;
import dev.tollgate.spi.store.InUseException;
import dev.tollgate.spi.store.Organization;
import dev.tollgate.spi.store.PricingGroup;
import dev.tollgate.spi.store.Redemption;
import dev.tollgate.spi.store.RedemptionBatch;
import dev.tollgate.spi.store.RedemptionCode;
import dev.tollgate.spi.store.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Relay mode at rest (pricing groups, billing, credits, redemption codes, a user's usage): every backend alike. */
abstract class RelayStoreContract extends StorageTestBase {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    /** Per test: credit entries outlive a test on SQLite (append-only), so ids never repeat. */
    private String run;
    private String userId;
    private int sequence;

    @BeforeEach
    void newRun() {
        run = UUID.randomUUID().toString().substring(0, 8);
        userId = "user-" + run;
        storage.tenancy().createOrg(new Organization("org-" + run, "Acme", Map.of(), T0), audit("org.create", "org"));
        storage.tenancy().createUser(new User(userId, "org-" + run, null, run + "@acme.test", "Zoë", Map.of(), T0,
                Billing.PREPAID, null), audit("user.create", userId));
    }

    private AuditEntry audit(String action, String targetId) {
        return new AuditEntry("aud_%s_%04d".formatted(run, sequence++), T0, "actor-" + run, "platform_admin", action,
                "x", targetId, null, null, null, null, "req-1", "127.0.0.1");
    }

    private List<AuditEntry> auditOf(String targetId) {
        return storage.audit().page(new AuditQuery(null, null, "actor-" + run, null, null, targetId, null, null, null, 100));
    }

    private CreditEntry credit(String id, long amount, CreditEntry.Kind kind) {
        return new CreditEntry(id + "-" + run, userId, amount, kind, "INV-1", "adm_1", T0);
    }

    private long ledgerVersion() {
        return storage.pricingGroups().ledgerVersion();
    }

    private void charge(String requestId, Instant at, long charge) {
        storage.usage().book(List.of(new UsageEvent(requestId + "-" + run, at, "key-1", null, userId,
                Endpoint.CHAT_COMPLETIONS, "gpt-4o", "openai", "gpt-4o", false, new TokenUsage(10, 5, 0, 0, false),
                charge / 2, 1_000, 0, 200, null, null, 1, "org-" + run, charge, false)));
    }

    @Test
    void pricingGroupsRoundTripExactlyAndEachChangeMovesTheLedgerCounter() {
        long v0 = ledgerVersion();
        PricingGroup group = new PricingGroup("resale-" + run, new BigDecimal("1.123456789012345678"),
                Map.of("gpt-4o", new BigDecimal("0.5"), "claude", new BigDecimal("3")), T0, T0);
        storage.pricingGroups().create(group, audit("pricing_group.create", group.name()));

        assertThat(storage.pricingGroups().find(group.name())).contains(group);
        assertThat(storage.pricingGroups().all()).containsExactly(group);
        assertThat(ledgerVersion()).isGreaterThan(v0);

        long v1 = ledgerVersion();
        PricingGroup changed = new PricingGroup(group.name(), new BigDecimal("2"), Map.of(), T0, T0.plusSeconds(1));
        assertThat(storage.pricingGroups().update(changed, audit("pricing_group.update", group.name()))).isTrue();
        assertThat(storage.pricingGroups().find(group.name())).contains(changed);
        assertThat(ledgerVersion()).isGreaterThan(v1);
        assertThat(auditOf(group.name())).extracting(AuditEntry::action)
                .containsExactly("pricing_group.update", "pricing_group.create");

        assertThat(storage.pricingGroups().update(new PricingGroup("nope", BigDecimal.ONE, Map.of(), T0, T0),
                audit("pricing_group.update", "nope"))).isFalse();
    }

    @Test
    void aGroupWithUsersCannotBeDeletedAndAUsersGroupRidesWithItsKeys() {
        String name = "resale-" + run;
        storage.pricingGroups().create(new PricingGroup(name, BigDecimal.TEN, Map.of(), T0, T0), audit("pg.create", name));
        User before = storage.tenancy().findUser(userId).orElseThrow();
        assertThat(before.billing()).isEqualTo(Billing.PREPAID);
        storage.keys().create(new GatewayKey("key-" + run, "k", "hash-" + run, "tg-x", List.of(), "org-" + run, null,
                userId, Map.of(), T0, null, null, true, List.of(), List.of()));
        long keysVersion = storage.keys().version();
        User renamed = new User(userId, before.orgId(), null, before.email(), "Zoé", Map.of(), T0, Billing.PREPAID, null);
        assertThat(storage.tenancy().updateUser(renamed, audit("user.update", userId))).isTrue();
        assertThat(storage.keys().version()).as("a rename leaves the key snapshots alone").isEqualTo(keysVersion);

        User after = new User(userId, before.orgId(), null, before.email(), before.name(), Map.of(), T0, Billing.PREPAID,
                name);
        assertThat(storage.tenancy().updateUser(after, audit("user.update", userId))).isTrue();

        assertThat(storage.tenancy().findUser(userId)).contains(after);
        assertThat(storage.keys().version()).as("the key snapshot must reload").isGreaterThan(keysVersion);
        GatewayKey loaded = storage.keys().loadUnrevoked().stream().filter(k -> k.id().equals("key-" + run))
                .findFirst().orElseThrow();
        assertThat(loaded.prepaid()).isTrue();
        assertThat(loaded.pricingGroup()).isEqualTo(name);

        assertThatThrownBy(() -> storage.pricingGroups().delete(name, audit("pg.delete", name)))
                .isInstanceOf(InUseException.class);
        storage.tenancy().updateUser(new User(userId, before.orgId(), null, before.email(), before.name(), Map.of(), T0,
                Billing.INVOICED, null), audit("user.update", userId));
        assertThat(storage.pricingGroups().delete(name, audit("pg.delete", name))).isTrue();
        assertThat(storage.pricingGroups().find(name)).isEmpty();
    }

    @Test
    void aBalanceIsCreditsMinusBookedChargesAndEntriesPageInOrder() {
        long v0 = ledgerVersion();
        assertThat(storage.credits().add(credit("cre_1", 5_000_000_000L, CreditEntry.Kind.TOPUP),
                audit("credit.add", userId), true)).isTrue();
        assertThat(storage.credits().add(credit("cre_2", -1_000_000_000L, CreditEntry.Kind.ADJUSTMENT),
                audit("credit.add", userId), true)).isTrue();
        assertThat(ledgerVersion()).isEqualTo(v0 + 2);
        charge("r1", T0, 300_000_000L);
        charge("r2", T0.plusSeconds(1), 200_000_001L);

        // 5,000,000,000 − 1,000,000,000 = 4,000,000,000 credits; 300,000,000 + 200,000,001 = 500,000,001 charged
        assertThat(storage.credits().balance(userId)).isEqualTo(new Balance(userId, 4_000_000_000L, 500_000_001L));
        assertThat(storage.credits().balance(userId).balanceNanoUsd()).isEqualTo(3_499_999_999L);

        assertThat(storage.credits().page(userId, null, 10)).extracting(CreditEntry::id)
                .containsExactly("cre_1-" + run, "cre_2-" + run);
        assertThat(storage.credits().page(userId, "cre_1-" + run, 10)).extracting(CreditEntry::amountNanoUsd)
                .containsExactly(-1_000_000_000L);
        assertThat(auditOf(userId)).extracting(AuditEntry::action).contains("credit.add");
    }

    @Test
    void aCorrectionMayNotMakeABalanceNegative() {
        storage.credits().add(credit("cre_1", 1_000, CreditEntry.Kind.TOPUP), audit("credit.add", userId), true);
        charge("r1", T0, 600);

        assertThat(storage.credits().add(credit("cre_2", -401, CreditEntry.Kind.ADJUSTMENT),
                audit("credit.add", userId), true)).as("1,000 − 401 < 600 charged").isFalse();
        assertThat(storage.credits().add(credit("cre_3", -400, CreditEntry.Kind.ADJUSTMENT),
                audit("credit.add", userId), true)).as("1,000 − 400 = 600: zero left is allowed").isTrue();
        assertThat(storage.credits().balance(userId).balanceNanoUsd()).isZero();
    }

    @Test
    void creditEntriesAreAppendOnly() throws SQLException {
        storage.credits().add(credit("cre_1", 1_000, CreditEntry.Kind.TOPUP), audit("credit.add", userId), true);
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE credit_entries SET amount_nano_usd = 9 WHERE user_id = '"
                    + userId + "'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM credit_entries WHERE user_id = '" + userId + "'"))
                    .hasMessageContaining("append-only");
        }
    }

    private List<RedemptionCode> batch(String batchId, int count, long amount, Instant expiresAt) {
        List<RedemptionCode> codes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            codes.add(new RedemptionCode("rc_%s_%s_%d".formatted(batchId, run, i), batchId + "-" + run,
                    "hash-%s-%s-%d".formatted(batchId, run, i), "tgr-ABCDEF", amount, T0, expiresAt, null, null, null));
        }
        storage.credits().createCodes(codes, audit("redemption_codes.create", batchId + "-" + run));
        return codes;
    }

    private Redemption.Outcome redeem(String hash, String entryId, Instant at) {
        return storage.credits().redeem(hash, userId, "key-1", entryId + "-" + run, at, audit("credit.redeem", userId))
                .outcome();
    }

    @Test
    void aCodeIsRedeemedOnceAndRefusalsSayWhy() {
        List<RedemptionCode> codes = batch("b1", 3, 2_500_000_000L, T0.plusSeconds(3600));
        long v0 = ledgerVersion();

        Redemption first = storage.credits().redeem(codes.get(0).hash(), userId, "key-1", "cre_r1-" + run, T0,
                audit("credit.redeem", userId));
        assertThat(first.outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
        assertThat(first.credit()).isEqualTo(new CreditEntry("cre_r1-" + run, userId, 2_500_000_000L,
                CreditEntry.Kind.REDEMPTION, codes.get(0).id(), "key-1", T0));
        assertThat(ledgerVersion()).isGreaterThan(v0);
        assertThat(storage.credits().balance(userId).creditsNanoUsd()).isEqualTo(2_500_000_000L);
        assertThat(auditOf(userId)).extracting(AuditEntry::action).containsOnlyOnce("credit.redeem");

        assertThat(redeem(codes.get(0).hash(), "cre_r2", T0)).isEqualTo(Redemption.Outcome.ALREADY_REDEEMED);
        assertThat(redeem("no-such-hash", "cre_r3", T0)).isEqualTo(Redemption.Outcome.UNKNOWN);
        assertThat(redeem(codes.get(1).hash(), "cre_r4", T0.plusSeconds(3600))).as("expiry is exclusive")
                .isEqualTo(Redemption.Outcome.EXPIRED);

        assertThat(storage.credits().revokeUnredeemed("b1-" + run, T0, audit("redemption_codes.revoke", "b1-" + run)))
                .as("two were left").isEqualTo(2);
        assertThat(redeem(codes.get(2).hash(), "cre_r5", T0)).isEqualTo(Redemption.Outcome.REVOKED);
        assertThat(storage.credits().balance(userId).creditsNanoUsd()).as("refusals credit nothing")
                .isEqualTo(2_500_000_000L);
        assertThat(auditOf(userId)).extracting(AuditEntry::action).as("refusals are not audited")
                .containsOnlyOnce("credit.redeem");

        assertThat(storage.credits().findBatch("b1-" + run)).contains(new RedemptionBatch("b1-" + run,
                2_500_000_000L, 3, 1, 2, T0, T0.plusSeconds(3600)));
        assertThat(storage.credits().codes("b1-" + run)).extracting(RedemptionCode::redeemedBy)
                .containsExactly(userId, null, null);
        assertThat(storage.credits().pageBatches(null, 10)).extracting(RedemptionBatch::batchId).contains("b1-" + run);
    }

    @Test
    void fiftyParallelRedemptionsOfOneCodeCreditOnce() throws Exception {
        RedemptionCode code = batch("b2", 1, 1_000_000_000L, null).getFirst();
        int racers = 50;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Redemption.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String entryId = "cre_race_%d-%s".formatted(i, run);
                AuditEntry audit = audit("credit.redeem", userId); // made here: the sequence is not thread-safe
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return storage.credits().redeem(code.hash(), userId, "key-1", entryId, T0, audit).outcome();
                }));
            }
            start.countDown();
            List<Redemption.Outcome> results = new ArrayList<>();
            for (Future<Redemption.Outcome> f : outcomes) {
                results.add(f.get());
            }
            assertThat(results).filteredOn(o -> o == Redemption.Outcome.REDEEMED).hasSize(1);
            assertThat(results).filteredOn(o -> o == Redemption.Outcome.ALREADY_REDEEMED).hasSize(racers - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(storage.credits().page(userId, null, 100)).hasSize(1);
        assertThat(storage.credits().balance(userId).creditsNanoUsd()).isEqualTo(1_000_000_000L);
    }

    @Test
    void aUsersEventsPageNewestFirstAndSumPerUtcDay() {
        Instant day1 = Instant.parse("2026-11-01T23:59:59.999Z");
        Instant day2 = Instant.parse("2026-11-02T00:00:00Z");
        charge("a", day1, 100);
        charge("b", day2, 200);
        charge("c", day2, 300); // same instant as b: the request id breaks the tie
        charge("d", day2.plusSeconds(5), 400);

        List<UsageEvent> first = storage.usage().userEvents(userId, null, null, 2);
        assertThat(first).extracting(UsageEvent::requestId).containsExactly("d-" + run, "c-" + run);
        UsageEvent last = first.getLast();
        assertThat(storage.usage().userEvents(userId, last.startedAt().toEpochMilli(), last.requestId(), 10))
                .extracting(UsageEvent::requestId).containsExactly("b-" + run, "a-" + run);
        assertThat(storage.usage().userEvents("someone-else", null, null, 10)).isEmpty();

        assertThat(storage.usage().userDaily(userId, day1.toEpochMilli() - 1)).containsExactly(
                new DailyUsage(LocalDate.parse("2026-11-02"), 3, 30, 15, 900),
                new DailyUsage(LocalDate.parse("2026-11-01"), 1, 10, 5, 100));
        assertThat(storage.usage().userDaily(userId, day2.toEpochMilli())).hasSize(1);
    }
}
